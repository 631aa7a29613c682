package checkin

import (
	"bytes"
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// quietZone is the blank margin around a symbol, in modules, that readers
// need to find it.
const quietZone = 4

// QRPNG draws content (the check-in URL) as a QR code, error correction
// level M, in a black-on-white PNG of size×size pixels with a quiet zone of
// 4 modules. A size too small for the symbol yields the smallest image that
// holds it; size must be positive.
func QRPNG(content string, size int) ([]byte, error) {
	if size <= 0 {
		return nil, errors.New("checkin: QR image size must be positive")
	}
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("checkin: QR code: %w", err)
	}
	return q.PNG(size)
}

// QRSVG draws content as a QR code, error correction level M, in an SVG
// whose user unit is one module: a white square including a quiet zone of 4
// modules and one black path of unit squares, with
// shape-rendering="crispEdges". It has no width or height, so it fills the
// box the page gives it, and no style attributes, so a strict
// Content-Security-Policy lets it be inlined.
func QRSVG(content string) ([]byte, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("checkin: QR code: %w", err)
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	n := len(bits) + 2*quietZone

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`, n, n)
	b.WriteString(`<path fill="#000" d="`)
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quietZone, y+quietZone)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes(), nil
}
