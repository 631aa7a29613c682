package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"

	"golang.org/x/image/draw"
)

// stripes is a 12-megapixel phone photo's size (4032 × 3024) of detail
// near the pixel size, where scalers differ: stripes three pixels wide,
// a diagonal check two pixels wide, over a gradient.
func stripes() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 4032, 3024))
	for y := 0; y < 3024; y++ {
		for x := 0; x < 4032; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8((x / 3 % 2) * 200), uint8(((x + y) / 2 % 2) * 150), uint8(x / 16), 255})
		}
	}
	return img
}

// area is the exact area-average reduction of src to w × h, the
// reference the scalers are compared with.
func area(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := float64(y)*float64(sh)/float64(h), float64(y+1)*float64(sh)/float64(h)
		for x := 0; x < w; x++ {
			x0, x1 := float64(x)*float64(sw)/float64(w), float64(x+1)*float64(sw)/float64(w)
			var acc [4]float64
			var total float64
			for sy := int(y0); float64(sy) < y1; sy++ {
				wy := math.Min(y1, float64(sy+1)) - math.Max(y0, float64(sy))
				for sx := int(x0); float64(sx) < x1; sx++ {
					wgt := wy * (math.Min(x1, float64(sx+1)) - math.Max(x0, float64(sx)))
					for c := range 4 {
						acc[c] += wgt * float64(src.Pix[sy*src.Stride+sx*4+c])
					}
					total += wgt
				}
			}
			for c := range 4 {
				dst.Pix[y*dst.Stride+x*4+c] = uint8(acc[c]/total + .5)
			}
		}
	}
	return dst
}

// psnr compares two pictures of one size, in decibels: higher is closer.
func psnr(a, b *image.RGBA) float64 {
	var se float64
	for i := range a.Pix {
		d := float64(a.Pix[i]) - float64(b.Pix[i])
		se += d * d
	}
	return 10 * math.Log10(255*255/(se/float64(len(a.Pix))))
}

// BenchmarkScale measures the two reductions Process makes, a phone photo
// to MaxSide and the result to a thumbnail, with x/image/draw's scalers
// and with fit (halving, then ApproxBiLinear), and reports how close each
// comes to an exact area average ("dB"). photo.go's fit says the choice.
func BenchmarkScale(b *testing.B) {
	src := stripes()
	w, h := fitSize(4032, 3024, MaxSide)
	ref := area(src, w, h)
	tw, th := fitSize(w, h, ThumbSide)
	tref := area(ref, tw, th)
	scale := func(k draw.Scaler) func(img *image.RGBA, w, h int) *image.RGBA {
		return func(img *image.RGBA, w, h int) *image.RGBA {
			dst := image.NewRGBA(image.Rect(0, 0, w, h))
			k.Scale(dst, dst.Bounds(), img, img.Bounds(), draw.Src, nil)
			return dst
		}
	}
	for _, s := range []struct {
		name string
		f    func(img *image.RGBA, w, h int) *image.RGBA
	}{
		{"ApproxBiLinear", scale(draw.ApproxBiLinear)},
		{"CatmullRom", scale(draw.CatmullRom)},
		{"fit", func(img *image.RGBA, w, h int) *image.RGBA { return fit(img, max(w, h)) }},
	} {
		b.Run("photo/"+s.name, func(b *testing.B) {
			var out *image.RGBA
			for b.Loop() {
				out = s.f(src, w, h)
			}
			b.ReportMetric(psnr(out, ref), "dB")
		})
		b.Run("thumb/"+s.name, func(b *testing.B) {
			var out *image.RGBA
			for b.Loop() {
				out = s.f(ref, tw, th)
			}
			b.ReportMetric(psnr(out, tref), "dB")
		})
	}
}

// BenchmarkProcess is the whole of one upload of a 12-megapixel photo.
func BenchmarkProcess(b *testing.B) {
	var buf bytes.Buffer
	jpeg.Encode(&buf, stripes(), &jpeg.Options{Quality: 90})
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Process(bytes.NewReader(data), 20<<20); err != nil {
			b.Fatal(err)
		}
	}
}
