package photo

import (
	"encoding/binary"
	"testing"
)

// tiff is an EXIF segment's body with a one-entry IFD0: tag, type and a
// value, in byte order bo ("II" or "MM").
func tiffWith(bo string, tag, typ uint16, value uint32) []byte {
	var o binary.AppendByteOrder = binary.BigEndian
	if bo == "II" {
		o = binary.LittleEndian
	}
	t := []byte(bo)
	t = o.AppendUint16(t, 42)
	t = o.AppendUint32(t, 8)
	t = o.AppendUint16(t, 1)
	t = o.AppendUint16(t, tag)
	t = o.AppendUint16(t, typ)
	t = o.AppendUint32(t, 1)
	if typ == 3 {
		t = o.AppendUint16(t, uint16(value))
		t = append(t, 0, 0)
	} else {
		t = o.AppendUint32(t, value)
	}
	return o.AppendUint32(t, 0)
}

// jpegWith is the start of a JPEG: SOI, the given APP segments, and the
// start of the image data.
func jpegWith(segments ...[]byte) []byte {
	out := []byte{0xFF, 0xD8}
	for _, s := range segments {
		out = append(out, s...)
	}
	return append(out, 0xFF, 0xDA, 0x00, 0x02)
}

func app(marker byte, body []byte) []byte {
	out := []byte{0xFF, marker}
	out = binary.BigEndian.AppendUint16(out, uint16(len(body)+2))
	return append(out, body...)
}

func exifApp(tiff []byte) []byte { return app(0xE1, append([]byte("Exif\x00\x00"), tiff...)) }

func TestOrientation(t *testing.T) {
	t.Parallel()
	jfif := app(0xE0, []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))
	xmp := app(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"))
	cases := []struct {
		name string
		data []byte
		want int
	}{
		{"little-endian, 6", jpegWith(exifApp(tiffWith("II", 0x0112, 3, 6))), 6},
		{"big-endian, 8", jpegWith(exifApp(tiffWith("MM", 0x0112, 3, 8))), 8},
		{"after JFIF and XMP", jpegWith(jfif, xmp, exifApp(tiffWith("MM", 0x0112, 3, 3))), 3},
		{"with fill bytes before a marker", append([]byte{0xFF, 0xD8, 0xFF, 0xFF}, exifApp(tiffWith("II", 0x0112, 3, 5))...), 5},
		{"as a LONG", jpegWith(exifApp(tiffWith("II", 0x0112, 4, 7))), 7},
		{"phone segment with GPS", withExif([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, 6), 6},
		{"no EXIF", jpegWith(jfif), 1},
		{"another tag", jpegWith(exifApp(tiffWith("II", 0x010F, 3, 6))), 1},
		{"out of range 0", jpegWith(exifApp(tiffWith("II", 0x0112, 3, 0))), 1},
		{"out of range 9", jpegWith(exifApp(tiffWith("II", 0x0112, 3, 9))), 1},
		{"wrong type", jpegWith(exifApp(tiffWith("II", 0x0112, 2, 6))), 1},
		{"bad byte order", jpegWith(exifApp(append([]byte("XX"), tiffWith("II", 0x0112, 3, 6)[2:]...))), 1},
		{"EXIF after the image data", append(jpegWith(), exifApp(tiffWith("II", 0x0112, 3, 6))...), 1},
		{"segment longer than the file", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'}, 1},
		{"IFD offset past the end", jpegWith(exifApp([]byte("II\x2a\x00\xff\xff\xff\xff"))), 1},
		{"entry count past the end", jpegWith(exifApp([]byte("MM\x00\x2a\x00\x00\x00\x08\xff\xff"))), 1},
		{"not a JPEG", []byte("\x89PNG\r\n\x1a\n"), 1},
		{"empty", nil, 1},
	}
	for _, c := range cases {
		if got := Orientation(c.data); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// FuzzOrientation: whatever the bytes, Orientation answers 1 to 8 and
// never panics; a well-formed segment's value is read back.
func FuzzOrientation(f *testing.F) {
	f.Add(withExif([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, 6), uint8(0))
	f.Add(jpegWith(exifApp(tiffWith("II", 0x0112, 3, 8))), uint8(3))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x08, 'E', 'x', 'i', 'f', 0, 0}, uint8(1))
	f.Add([]byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, o uint8) {
		if got := Orientation(data); got < 1 || got > 8 {
			t.Fatalf("Orientation = %d", got)
		}
		// The same bytes inside an EXIF segment's TIFF body.
		if got := Orientation(jpegWith(exifApp(data))); got < 1 || got > 8 {
			t.Fatalf("Orientation of a segment = %d", got)
		}
		want := int(o%8) + 1
		if got := Orientation(jpegWith(app(0xE0, data[:min(len(data), 60000)]), exifApp(tiffWith("MM", 0x0112, 3, uint32(want))))); got != want {
			t.Fatalf("after an APP0 of %d bytes: %d, want %d", len(data), got, want)
		}
	})
}
