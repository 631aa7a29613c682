package photo

import "encoding/binary"

// Orientation reads the EXIF orientation of a JPEG file: 1 (as stored) to
// 8, the eight ways a camera held sideways or upside down records its
// picture (TIFF 6.0, tag 0x0112). It walks the segments before the image
// data to the first APP1 segment holding EXIF, and reads the tag from its
// first directory (IFD0). Anything missing, malformed or out of range is
// 1: a picture is never turned on a guess. It reads only what it is given
// and never panics, whatever the bytes (see FuzzOrientation).
func Orientation(jpeg []byte) int {
	d := jpeg
	if len(d) < 4 || d[0] != 0xFF || d[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(d); {
		if d[i] != 0xFF {
			return 1
		}
		marker := d[i+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			i++
			continue
		case marker == 0x01, marker >= 0xD0 && marker <= 0xD8: // markers without a length
			i += 2
			continue
		case marker == 0xDA, marker == 0xD9: // the image data, or its end: no metadata after
			return 1
		}
		n := int(d[i+2])<<8 | int(d[i+3])
		if n < 2 || i+2+n > len(d) {
			return 1
		}
		seg := d[i+4 : i+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from the first directory of a TIFF
// header and directory (the body of an EXIF segment).
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := uint64(bo.Uint32(t[4:]))
	if off+2 > uint64(len(t)) {
		return 1
	}
	count := uint64(bo.Uint16(t[off:]))
	for k := uint64(0); k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		typ, n := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		var v uint32
		switch {
		case n < 1:
			return 1
		case typ == 3: // SHORT, in the first two bytes of the value field
			v = uint32(bo.Uint16(t[e+8:]))
		case typ == 4: // LONG, written by a few tools
			v = bo.Uint32(t[e+8:])
		default:
			return 1
		}
		if v < 1 || v > 8 {
			return 1
		}
		return int(v)
	}
	return 1
}
