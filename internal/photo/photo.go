// Package photo turns an uploaded photo into what huoshui keeps: a
// re-encoded picture, upright, at most MaxSide pixels on its long side,
// with no metadata, and a thumbnail of ThumbSide pixels.
//
// Only JPEG and PNG are read, recognised by their first bytes whatever
// the file is called. A picture of more than MaxPixels is refused from
// its header, before any pixel is decoded: a file of a few hundred
// kilobytes can declare an image of gigabytes (a decompression bomb).
//
// Re-encoding drops every piece of metadata the camera wrote (EXIF with
// the place a phone took the picture, the device and the time, XMP,
// comments, colour profiles): the pixels are decoded and encoded afresh,
// and Go's encoders write none. The EXIF orientation is applied to the
// pixels first, so the picture stays upright without it.
//
// Format: a photo becomes a JPEG (quality JPEGQuality). A PNG stays a PNG
// only when it has transparent pixels, which JPEG cannot keep; an opaque
// PNG (a screenshot, a scanned page) becomes a JPEG too, a fraction of
// the size. The thumbnail is always a JPEG, transparent parts on white.
// Colour profiles are dropped with the rest: a wide-gamut picture (Display
// P3) looks slightly less saturated than on the phone.
package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
)

const (
	// MaxPixels bounds the pictures read: 40 megapixels, more than any
	// phone's ordinary photo, decoded in about 160 MB.
	MaxPixels = 40_000_000
	// MaxSide is the long side of the kept picture, in pixels.
	MaxSide = 2560
	// ThumbSide is the long side of the thumbnail.
	ThumbSide = 480
	// JPEGQuality is the quality of the kept picture and the thumbnail.
	JPEGQuality = 85
)

// The answers to a file Process does not keep.
var (
	ErrTooLarge      = errors.New("photo: file too large")
	ErrNotImage      = errors.New("photo: not a JPEG or PNG picture")
	ErrTooManyPixels = errors.New("photo: picture has too many pixels")
	ErrCorrupt       = errors.New("photo: picture cannot be read")
)

// Image is a processed photo.
type Image struct {
	Data        []byte // the picture, JPEG or PNG
	ContentType string // image/jpeg or image/png
	Ext         string // ".jpg" or ".png"
	Thumb       []byte // the thumbnail, JPEG
	Width       int    // of Data, upright
	Height      int
	ThumbWidth  int
	ThumbHeight int
}

// Sniff names the picture format of data from its first bytes:
// "image/jpeg", "image/png", or "" for anything else.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	return ""
}

// Process reads a photo of at most max bytes from r and makes the picture
// and thumbnail to keep. Its errors are ErrTooLarge, ErrNotImage,
// ErrTooManyPixels and ErrCorrupt (wrapped), or r's own.
func Process(r io.Reader, max int64) (*Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("photo: read: %w", err)
	}
	if int64(len(data)) > max {
		return nil, ErrTooLarge
	}
	format := Sniff(data)
	if format == "" {
		return nil, ErrNotImage
	}
	var cfg image.Config
	if format == "image/jpeg" {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, ErrCorrupt
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, fmt.Errorf("%w: %d × %d", ErrTooManyPixels, cfg.Width, cfg.Height)
	}
	var src image.Image
	orientation := 1
	if format == "image/jpeg" {
		orientation = Orientation(data)
		src, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		src, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	data = nil // the file is no longer needed while the pixels are worked on
	alpha := format == "image/png" && !opaque(src)

	// Scale first, then turn: turning the smaller picture is cheaper, and
	// the long side is the same either way.
	pic := orient(fit(src, MaxSide), orientation)
	out := &Image{Width: pic.Bounds().Dx(), Height: pic.Bounds().Dy()}
	var buf bytes.Buffer
	if alpha {
		out.ContentType, out.Ext = "image/png", ".png"
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, pic)
	} else {
		out.ContentType, out.Ext = "image/jpeg", ".jpg"
		err = jpeg.Encode(&buf, pic, &jpeg.Options{Quality: JPEGQuality})
	}
	if err != nil {
		return nil, fmt.Errorf("photo: encode: %w", err)
	}
	out.Data = buf.Bytes()

	thumb := fit(pic, ThumbSide)
	if alpha {
		onWhite := image.NewRGBA(thumb.Bounds())
		draw.Draw(onWhite, onWhite.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(onWhite, onWhite.Bounds(), thumb, thumb.Bounds().Min, draw.Over)
		thumb = onWhite
	}
	var tb bytes.Buffer
	if err := jpeg.Encode(&tb, thumb, &jpeg.Options{Quality: JPEGQuality}); err != nil {
		return nil, fmt.Errorf("photo: encode thumbnail: %w", err)
	}
	out.Thumb = tb.Bytes()
	out.ThumbWidth, out.ThumbHeight = thumb.Bounds().Dx(), thumb.Bounds().Dy()
	return out, nil
}

// opaque reports whether every pixel of img is fully opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// fitSize is w × h scaled to at most side pixels on the long side, never
// up, each side at least one pixel.
func fitSize(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, int((int64(h)*int64(side)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(side)+int64(h)/2)/int64(h))), side
}

// fit copies src into a new RGBA picture of at most side pixels on its
// long side. While the picture is at least twice too large it is halved,
// each pixel of the half the average of four (ApproxBiLinear at exactly
// half the size samples between them); the last step, by less than two,
// is ApproxBiLinear too.
//
// Measured (BenchmarkScale, two shared cores: a 12-megapixel photo to
// 2560, the result to a 480 thumbnail, fine stripes compared with an exact
// area average): CatmullRom is the closest, 35 and 30 dB, but takes 2 to
// 4.6 s for the photo and 0.15 to 0.4 s for the thumbnail; ApproxBiLinear
// alone takes a seventh of that for the photo and 15 ms for the thumbnail,
// at 27 and 16 dB, the thumbnail full of moiré: it reads 2 × 2 of the
// 5 × 5 pixels each thumbnail pixel covers. Halving first gives the
// thumbnail CatmullRom's 30 dB in half its time. For the photo, reduced by
// about 1.6, ApproxBiLinear's loss shows only in patterns near the pixel
// size, which do not justify seven times the time of every upload on a
// shared server.
func fit(src image.Image, side int) *image.RGBA {
	b := src.Bounds()
	w, h := fitSize(b.Dx(), b.Dy(), side)
	if w == b.Dx() && h == b.Dy() {
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
		return dst
	}
	for max(b.Dx(), b.Dy()) >= 2*side && b.Dx() >= 2 && b.Dy() >= 2 {
		half := image.NewRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
		draw.ApproxBiLinear.Scale(half, half.Bounds(), src, b, draw.Src, nil)
		src, b = half, half.Bounds()
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// orient turns and flips src as EXIF orientation o says, so that the
// picture reads upright. Each pixel (x, y) of the result comes from the
// pixel (ax·x + bx·y + cx, ay·x + by·y + cy) of src; orientations 5 to 8
// swap width and height.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	m := map[int][6]int{ // ax, bx, cx, ay, by, cy
		2: {-1, 0, w - 1, 0, 1, 0},      // mirrored
		3: {-1, 0, w - 1, 0, -1, h - 1}, // upside down
		4: {1, 0, 0, 0, -1, h - 1},      // mirrored upside down
		5: {0, 1, 0, 1, 0, 0},           // transposed
		6: {0, 1, 0, -1, 0, h - 1},      // turned a quarter clockwise
		7: {0, -1, w - 1, -1, 0, h - 1}, // transversed
		8: {0, -1, w - 1, 1, 0, 0},      // turned a quarter anticlockwise
	}[o]
	stepX := m[3]*src.Stride + m[0]*4 // in src.Pix, per pixel of a row of the result
	stepY := m[4]*src.Stride + m[1]*4 // per row of the result
	start := m[5]*src.Stride + m[2]*4
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+dw*4]
		i := start + y*stepY
		for x := 0; x < len(row); x += 4 {
			copy(row[x:x+4], src.Pix[i:i+4])
			i += stepX
		}
	}
	return dst
}
