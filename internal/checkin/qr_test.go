package checkin

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
)

// checkinURL is what the web layer will put in the QR code.
func checkinURL(t testing.TB, meeting int64) string {
	t.Helper()
	code, _ := signer(t, testKey).Code(meeting, t0)
	return fmt.Sprintf("https://dangjian.example.cn/meetings/%d/checkin?c=%s", meeting, code)
}

// decodeQR reads img as a phone would and returns the text and the error
// correction level it found.
func decodeQR(t *testing.T, img image.Image) (text, level string) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decoding the QR code: %v", err)
	}
	return res.GetText(), fmt.Sprint(res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL])
}

func TestQRPNGDecodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		content string
		size    int
	}{
		{"check-in URL, screen size", checkinURL(t, 7), 512},
		{"check-in URL, small", checkinURL(t, 1234567), 200},
		{"largest meeting id", checkinURL(t, 1<<62), 320},
		{"size smaller than the symbol", checkinURL(t, 7), 10},
		{"Chinese text", "活水 党支部 主题党日 签到", 256},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b, err := QRPNG(c.content, c.size)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if r := img.Bounds(); c.size >= 100 && (r.Dx() != c.size || r.Dy() != c.size) {
				t.Errorf("image is %dx%d, want %dx%d", r.Dx(), r.Dy(), c.size, c.size)
			}
			text, level := decodeQR(t, img)
			if text != c.content {
				t.Errorf("decoded %q, want %q", text, c.content)
			}
			if level != "M" {
				t.Errorf("error correction level %q, want M", level)
			}
		})
	}
}

// The URL decoded from the picture still checks in.
func TestQRPNGCarriesAValidCode(t *testing.T) {
	t.Parallel()
	s := signer(t, testKey)
	url := checkinURL(t, 7)
	b, err := QRPNG(url, 300)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(b))
	text, _ := decodeQR(t, img)
	_, code, _ := strings.Cut(text, "?c=")
	if err := s.Verify(code, 7, t0.Add(5*time.Second)); err != nil {
		t.Errorf("Verify(code read from the QR image) = %v, want nil", err)
	}
}

func TestQRErrors(t *testing.T) {
	t.Parallel()
	tooLong := strings.Repeat("x", 5000)
	cases := []struct {
		name    string
		content string
		size    int
	}{
		{"zero size", "https://example.cn/", 0},
		{"negative size", "https://example.cn/", -4},
		{"too long for a QR code", tooLong, 256},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if b, err := QRPNG(c.content, c.size); err == nil {
				t.Errorf("QRPNG(%d characters, %d) = %d bytes, want an error", len(c.content), c.size, len(b))
			}
		})
	}
	if b, err := QRSVG(tooLong); err == nil {
		t.Errorf("QRSVG(5000 characters) = %d bytes, want an error", len(b))
	}
}

// svgDoc is the part of the SVG the test reads back.
type svgDoc struct {
	XMLName        xml.Name `xml:"svg"`
	ViewBox        string   `xml:"viewBox,attr"`
	ShapeRendering string   `xml:"shape-rendering,attr"`
	Rects          []struct {
		Width  int    `xml:"width,attr"`
		Height int    `xml:"height,attr"`
		Fill   string `xml:"fill,attr"`
	} `xml:"rect"`
	Paths []struct {
		Fill string `xml:"fill,attr"`
		D    string `xml:"d,attr"`
	} `xml:"path"`
}

// parseSVG checks the SVG's shape and returns its modules, dark = true,
// including the quiet zone.
func parseSVG(t *testing.T, b []byte) [][]bool {
	t.Helper()
	if bytes.Contains(b, []byte("style")) {
		t.Errorf("SVG has a style attribute or element, which a strict CSP blocks: %s", b)
	}
	var doc svgDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v", err)
	}
	var n int
	if _, err := fmt.Sscanf(doc.ViewBox, "0 0 %d %d", &n, new(int)); err != nil {
		t.Fatalf("viewBox %q: %v", doc.ViewBox, err)
	}
	if doc.ShapeRendering != "crispEdges" {
		t.Errorf("shape-rendering = %q, want crispEdges", doc.ShapeRendering)
	}
	if len(doc.Rects) != 1 || doc.Rects[0].Width != n || doc.Rects[0].Height != n || doc.Rects[0].Fill != "#fff" {
		t.Errorf("background = %+v, want one white %dx%d rect", doc.Rects, n, n)
	}
	if len(doc.Paths) != 1 || doc.Paths[0].Fill != "#000" {
		t.Fatalf("paths = %d, want one black path", len(doc.Paths))
	}
	grid := make([][]bool, n)
	for y := range grid {
		grid[y] = make([]bool, n)
	}
	for sq := range strings.SplitSeq(strings.TrimSuffix(doc.Paths[0].D, "z"), "z") {
		var x, y int
		if _, err := fmt.Sscanf(sq, "M%d %dh1v1h-1", &x, &y); err != nil {
			t.Fatalf("path piece %q is not a unit square: %v", sq, err)
		}
		if x < 0 || y < 0 || x >= n || y >= n {
			t.Fatalf("square at %d,%d outside the %d-module viewBox", x, y, n)
		}
		grid[y][x] = true
	}
	return grid
}

func TestQRSVG(t *testing.T) {
	t.Parallel()
	for _, content := range []string{checkinURL(t, 7), checkinURL(t, 987654321), "活水 签到"} {
		t.Run(content, func(t *testing.T) {
			t.Parallel()
			b, err := QRSVG(content)
			if err != nil {
				t.Fatal(err)
			}
			grid := parseSVG(t, b)
			n := len(grid)

			// The quiet zone is blank.
			for y := range n {
				for x := range n {
					inner := x >= quietZone && y >= quietZone && x < n-quietZone && y < n-quietZone
					if grid[y][x] && !inner {
						t.Fatalf("dark module at %d,%d in the %d-module quiet zone", x, y, quietZone)
					}
				}
			}

			// The same modules as go-qrcode's own bitmap (which carries
			// the same 4-module quiet zone).
			q, err := qrcode.New(content, qrcode.Medium)
			if err != nil {
				t.Fatal(err)
			}
			want := q.Bitmap()
			if len(want) != n {
				t.Fatalf("SVG is %d modules wide, go-qrcode's bitmap %d", n, len(want))
			}
			for y := range n {
				for x := range n {
					if grid[y][x] != want[y][x] {
						t.Fatalf("module %d,%d = %v, go-qrcode has %v", x, y, grid[y][x], want[y][x])
					}
				}
			}

			// And a reader finds the content in the drawing, at 6 px a module.
			const scale = 6
			img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
			for y := range n * scale {
				for x := range n * scale {
					c := color.Gray{Y: 255}
					if grid[y/scale][x/scale] {
						c = color.Gray{Y: 0}
					}
					img.SetGray(x, y, c)
				}
			}
			text, level := decodeQR(t, img)
			if text != content || level != "M" {
				t.Errorf("decoded %q at level %s, want %q at M", text, level, content)
			}
		})
	}
}

func BenchmarkQRPNG(b *testing.B) {
	url := checkinURL(b, 12345)
	for b.Loop() {
		if _, err := QRPNG(url, 320); err != nil {
			b.Fatal(err)
		}
	}
}
