package photo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"strings"
	"testing"
)

var (
	red    = color.RGBA{220, 30, 30, 255}
	green  = color.RGBA{30, 200, 30, 255}
	blue   = color.RGBA{30, 30, 220, 255}
	yellow = color.RGBA{230, 220, 30, 255}
)

// quadrants is a w × h picture in four colours: red top left, green top
// right, blue bottom left, yellow bottom right.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = yellow
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// exifSegment is an APP1 segment as a phone writes it, built by hand:
// a big-endian TIFF header, IFD0 with the camera's make, the orientation
// and a pointer to a GPS directory holding a latitude.
func exifSegment(orientation int) []byte {
	be := binary.BigEndian
	var t []byte
	t = append(t, "MM\x00\x2a\x00\x00\x00\x08"...) // header; IFD0 at 8
	entry := func(tag, typ uint16, count, value uint32) {
		t = be.AppendUint16(t, tag)
		t = be.AppendUint16(t, typ)
		t = be.AppendUint32(t, count)
		t = be.AppendUint32(t, value)
	}
	const ifd0 = 8
	const ifd0Size = 2 + 3*12 + 4
	const makeAt = ifd0 + ifd0Size               // "HUAWEI\0"
	const gpsAt = makeAt + 8                     // the GPS directory
	const gpsSize = 2 + 2*12 + 4                 // two entries
	const latAt = gpsAt + gpsSize                // three rationals
	t = be.AppendUint16(t, 3)                    // IFD0: three entries
	entry(0x010F, 2, 7, makeAt)                  // Make, ASCII
	entry(0x0112, 3, 1, uint32(orientation)<<16) // Orientation, SHORT in the first two bytes
	entry(0x8825, 4, 1, gpsAt)                   // GPS IFD pointer
	t = be.AppendUint32(t, 0)                    // no next IFD
	t = append(t, "HUAWEI\x00\x00"...)
	t = be.AppendUint16(t, 2)
	entry(0x0001, 2, 2, 'N'<<24) // GPSLatitudeRef "N"
	entry(0x0002, 5, 3, latAt)   // GPSLatitude, three RATIONALs
	t = be.AppendUint32(t, 0)
	for _, v := range []uint32{39, 1, 54, 1, 2712, 100} { // 39° 54′ 27.12″
		t = be.AppendUint32(t, v)
	}
	body := append([]byte("Exif\x00\x00"), t...)
	seg := []byte{0xFF, 0xE1}
	seg = be.AppendUint16(seg, uint16(len(body)+2))
	return append(seg, body...)
}

// withExif puts an EXIF segment with orientation right after the JPEG's
// start marker, where cameras put it.
func withExif(jpg []byte, orientation int) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, exifSegment(orientation)...)
	return append(out, jpg[2:]...)
}

// markers lists the JPEG segment markers before the image data.
func markers(t *testing.T, jpg []byte) []byte {
	t.Helper()
	var out []byte
	for i := 2; i+4 <= len(jpg); {
		m := jpg[i+1]
		out = append(out, m)
		if m == 0xDA {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(jpg[i+2:]))
	}
	return out
}

// near names which of the four colours c is closest to.
func near(c color.Color) string {
	r, g, b, _ := c.RGBA()
	best, name := uint64(1<<63), ""
	for n, q := range map[string]color.RGBA{"R": red, "G": green, "B": blue, "Y": yellow} {
		dr, dg, db := int64(r>>8)-int64(q.R), int64(g>>8)-int64(q.G), int64(b>>8)-int64(q.B)
		if d := uint64(dr*dr + dg*dg + db*db); d < best {
			best, name = d, n
		}
	}
	return name
}

// corners reads the four quadrants' colours of a picture: top left, top
// right, bottom left, bottom right.
func corners(img image.Image) string {
	b := b4(img)
	return near(img.At(b.w/4, b.h/4)) + near(img.At(3*b.w/4, b.h/4)) +
		near(img.At(b.w/4, 3*b.h/4)) + near(img.At(3*b.w/4, 3*b.h/4))
}

type size struct{ w, h int }

func b4(img image.Image) size { return size{img.Bounds().Dx(), img.Bounds().Dy()} }

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return img
}

// A phone held sideways stores the picture as the sensor saw it and says
// how to turn it; the kept photo is turned, and keeps no EXIF at all.
func TestProcessAppliesOrientationAndDropsEXIF(t *testing.T) {
	t.Parallel()
	stored := encodeJPEG(t, quadrants(60, 40)) // R G / B Y, 60 wide
	want := map[int]struct {
		corners string
		w, h    int
	}{
		1: {"RGBY", 60, 40}, 2: {"GRYB", 60, 40}, 3: {"YBGR", 60, 40}, 4: {"BYRG", 60, 40},
		5: {"RBGY", 40, 60}, 6: {"BRYG", 40, 60}, 7: {"YGBR", 40, 60}, 8: {"GYRB", 40, 60},
	}
	for o := 1; o <= 8; o++ {
		in := withExif(stored, o)
		if got := Orientation(in); got != o {
			t.Fatalf("Orientation = %d, want %d", got, o)
		}
		out, err := Process(bytes.NewReader(in), 1<<20)
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		img := decode(t, out.Data)
		if got := corners(img); got != want[o].corners || b4(img) != (size{want[o].w, want[o].h}) {
			t.Errorf("orientation %d: %s %v, want %s %dx%d", o, got, b4(img), want[o].corners, want[o].w, want[o].h)
		}
		if out.Width != want[o].w || out.Height != want[o].h || out.ContentType != "image/jpeg" || out.Ext != ".jpg" {
			t.Errorf("orientation %d: %+v", o, out)
		}
		for _, m := range markers(t, out.Data) {
			if m >= 0xE1 && m <= 0xEF || m == 0xFE {
				t.Errorf("orientation %d: the kept photo has an APP%d/COM segment (0x%X)", o, m-0xE0, m)
			}
		}
		for _, leak := range []string{"Exif", "HUAWEI", "MM\x00\x2a"} {
			if bytes.Contains(out.Data, []byte(leak)) || bytes.Contains(out.Thumb, []byte(leak)) {
				t.Errorf("orientation %d: %q is still in the kept bytes", o, leak)
			}
		}
		if got := corners(decode(t, out.Thumb)); got != want[o].corners {
			t.Errorf("orientation %d: thumbnail %s, want %s", o, got, want[o].corners)
		}
	}
}

func TestProcessScalesDown(t *testing.T) {
	t.Parallel()
	in := encodeJPEG(t, quadrants(3000, 2000))
	out, err := Process(bytes.NewReader(in), 10<<20)
	if err != nil {
		t.Fatal(err)
	}
	if out.Width != 2560 || out.Height != 1707 {
		t.Errorf("kept %d×%d, want 2560×1707", out.Width, out.Height)
	}
	if got := b4(decode(t, out.Data)); got != (size{2560, 1707}) {
		t.Errorf("the kept picture is %v", got)
	}
	thumb := decode(t, out.Thumb)
	if got := b4(thumb); got != (size{480, 320}) || out.ThumbWidth != 480 || out.ThumbHeight != 320 {
		t.Errorf("thumbnail %v (%d×%d), want 480×320", got, out.ThumbWidth, out.ThumbHeight)
	}
	if corners(thumb) != "RGBY" {
		t.Errorf("thumbnail %s", corners(thumb))
	}
	if len(out.Thumb) >= len(out.Data) {
		t.Errorf("thumbnail %d bytes, picture %d", len(out.Thumb), len(out.Data))
	}
	// A portrait picture is bounded by its height.
	out, err = Process(bytes.NewReader(encodeJPEG(t, quadrants(1200, 3600))), 10<<20)
	if err != nil {
		t.Fatal(err)
	}
	if out.Width != 853 || out.Height != 2560 || out.ThumbWidth != 160 || out.ThumbHeight != 480 {
		t.Errorf("portrait: %d×%d, thumbnail %d×%d", out.Width, out.Height, out.ThumbWidth, out.ThumbHeight)
	}
}

// A small picture keeps its size; its thumbnail too.
func TestProcessSmallPicture(t *testing.T) {
	t.Parallel()
	out, err := Process(bytes.NewReader(encodeJPEG(t, quadrants(320, 200))), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if out.Width != 320 || out.Height != 200 || out.ThumbWidth != 320 || out.ThumbHeight != 200 {
		t.Errorf("%+v", out)
	}
}

// A PNG with transparency stays a PNG and keeps it; an opaque one
// becomes a JPEG. The thumbnail is a JPEG on white either way.
func TestProcessPNG(t *testing.T) {
	t.Parallel()
	clear := image.NewNRGBA(image.Rect(0, 0, 100, 80))
	for y := 0; y < 80; y++ {
		for x := 0; x < 100; x++ {
			if x < 50 {
				clear.SetNRGBA(x, y, color.NRGBA{200, 0, 0, 255})
			} // the right half stays transparent
		}
	}
	out, err := Process(bytes.NewReader(encodePNG(t, clear)), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if out.ContentType != "image/png" || out.Ext != ".png" {
		t.Fatalf("transparent PNG kept as %s", out.ContentType)
	}
	img := decode(t, out.Data)
	if _, _, _, a := img.At(75, 40).RGBA(); a != 0 {
		t.Errorf("the transparent half has alpha %d", a)
	}
	if _, _, _, a := img.At(25, 40).RGBA(); a != 0xffff {
		t.Errorf("the opaque half has alpha %d", a)
	}
	if Sniff(out.Thumb) != "image/jpeg" {
		t.Errorf("thumbnail is %q", Sniff(out.Thumb))
	}
	if r, g, b, _ := decode(t, out.Thumb).At(75, 40).RGBA(); r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
		t.Errorf("the thumbnail's transparent half is %d,%d,%d, want white", r>>8, g>>8, b>>8)
	}

	out, err = Process(bytes.NewReader(encodePNG(t, quadrants(100, 80))), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if out.ContentType != "image/jpeg" || Sniff(out.Data) != "image/jpeg" || corners(decode(t, out.Data)) != "RGBY" {
		t.Errorf("opaque PNG kept as %s, %s", out.ContentType, Sniff(out.Data))
	}
}

func TestProcessRefuses(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, quadrants(64, 64))
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 500)...)
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	cases := []struct {
		name string
		data []byte
		max  int64
		want error
	}{
		{"a program named .jpg", exe, 1 << 20, ErrNotImage},
		{"a GIF", gif, 1 << 20, ErrNotImage},
		{"an SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 1 << 20, ErrNotImage},
		{"nothing", nil, 1 << 20, ErrNotImage},
		{"over the byte limit", jpg, int64(len(jpg) - 1), ErrTooLarge},
		{"a JPEG cut short", jpg[:len(jpg)/2], 1 << 20, ErrCorrupt},
		{"only a JPEG's first bytes", jpg[:3], 1 << 20, ErrCorrupt},
		{"a PNG signature alone", []byte("\x89PNG\r\n\x1a\n"), 1 << 20, ErrCorrupt},
	}
	for _, c := range cases {
		out, err := Process(bytes.NewReader(c.data), c.max)
		if !errors.Is(err, c.want) || out != nil {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := Process(bytes.NewReader(jpg), int64(len(jpg))); err != nil {
		t.Errorf("exactly the byte limit: %v", err)
	}
}

// pngChunk is one PNG chunk with its checksum.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// bombPNG is a small file declaring a w × h grey picture whose compressed
// rows are rows of zeros, as many as fit in the first megabyte.
func bombPNG(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // 8-bit grey
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+w)
	for written := 0; written < 1<<20; written += len(row) {
		zw.Write(row)
	}
	zw.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", z.Bytes())...)
	return append(out, pngChunk("IEND", nil)...)
}

// A file of a few kilobytes that declares a picture of gigabytes is
// refused from its header: nothing near its size is ever allocated.
//
// Not parallel: it reads the process's allocation counter, which the
// package's other tests would move while they decode their pictures.
func TestProcessRefusesDecompressionBombs(t *testing.T) {
	// A JPEG whose frame header declares 60000 × 60000.
	jpg := encodeJPEG(t, quadrants(64, 64))
	sof := bytes.Index(jpg, []byte{0xFF, 0xC0})
	if sof < 0 {
		t.Fatal("no SOF0 in the test JPEG")
	}
	jbomb := append([]byte{}, jpg...)
	binary.BigEndian.PutUint16(jbomb[sof+5:], 60000)
	binary.BigEndian.PutUint16(jbomb[sof+7:], 60000)

	for _, c := range []struct {
		name string
		data []byte
	}{
		{"PNG 100000 × 100000", bombPNG(100000, 100000)},
		{"PNG 8000 × 5001, just over 40 MP", bombPNG(8000, 5001)},
		{"JPEG 60000 × 60000", jbomb},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Process(bytes.NewReader(c.data), 10<<20)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooManyPixels) {
			t.Errorf("%s (%d bytes): %v, want ErrTooManyPixels", c.name, len(c.data), err)
		}
		// The file itself is read once; the pixels never are.
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8*uint64(len(c.data))+8<<20 {
			t.Errorf("%s: %d MB allocated to refuse a %d KB file", c.name, grew>>20, len(c.data)>>10)
		}
		if err != nil && !strings.Contains(err.Error(), "×") {
			t.Errorf("%s: the error does not say the size: %v", c.name, err)
		}
	}
	// Just under the limit is read.
	if _, err := Process(bytes.NewReader(bombPNG(8000, 5000)), 10<<20); errors.Is(err, ErrTooManyPixels) {
		t.Errorf("40 MP exactly was refused: %v", err)
	}
}

func TestFitSize(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ w, h, side, ww, wh int }{
		{4000, 3000, 2560, 2560, 1920}, {3000, 4000, 2560, 1920, 2560}, {2560, 2560, 2560, 2560, 2560},
		{100, 50, 480, 100, 50}, {10000, 1, 480, 480, 1}, {1, 10000, 480, 1, 480}, {4032, 3024, 480, 480, 360},
	} {
		if w, h := fitSize(c.w, c.h, c.side); w != c.ww || h != c.wh {
			t.Errorf("fitSize(%d, %d, %d) = %d, %d; want %d, %d", c.w, c.h, c.side, w, h, c.ww, c.wh)
		}
	}
}
