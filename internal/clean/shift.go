package clean

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// A stretch of GBK text decoded one byte out of step reads as improbable
// characters (rare ones, symbols, a stray Latin letter) until a trail byte
// in the ASCII range puts the decoder back in step: `！靶⌒　钡膱D` is the
// bytes of `。“小小”的圖` without the first one. repairShifts finds such
// stretches by their improbable characters, encodes them back to GBK,
// puts back the lost byte and decodes again; it keeps the new reading only
// when it is far more likely Chinese than the old one.

const (
	shiftBack   = 6   // how far before an improbable character a stretch may start
	shiftWindow = 160 // how many characters a stretch may run before the decoder is back in step
	shiftGain   = 8   // how much more likely the new reading must be
)

// suspicious reports whether r is a character a misread byte stream makes
// and prose seldom has.
func suspicious(r rune) bool { return r >= 0x80 && runeScore(r) <= -4 }

// repairShifts returns line with its out-of-step GBK (and, in Traditional
// text, Big5) stretches read in step. freq counts the characters of the whole page: a reading made of
// characters the page uses elsewhere is the likelier one.
func repairShifts(line string, p *pageStats) string {
	n, bad := 0, 0
	for _, r := range line {
		if r >= 0x80 {
			n++
			if suspicious(r) {
				bad++
			}
		}
	}
	// A line of nothing but improbable characters is noise, not a stretch.
	if bad == 0 || n > 300 && bad*3 > n || p.tries <= 0 {
		return line
	}
	f := p.counts()
	rs := []rune(line)
	repaired := -1 // where the last repaired stretch ended
	tried := -1    // each start is tried once
	for i := 0; i < len(rs) && p.tries > 0; i++ {
		if !suspicious(rs[i]) {
			continue
		}
		bestGain, bestS, bestEnd := 0, 0, 0
		var bestRep []rune
		for s := max(0, i-shiftBack, repaired, tried+1); s <= i; s++ {
			tried = s
			if rs[s] < 0x80 {
				continue
			}
			for _, c := range p.codecs {
				p.tries--
				rep, end, gain := tryShift(c, rs, s, s == repaired, f)
				// A stretch reaches the improbable character, or ends right
				// before the replacement that cut it short.
				if (end > i || end == i && rs[i] == utf8.RuneError) && gain > bestGain {
					bestGain, bestS, bestEnd, bestRep = gain, s, end, rep
				}
			}
		}
		if bestGain >= shiftGain {
			out := make([]rune, 0, len(rs)+len(bestRep))
			out = append(out, rs[:bestS]...)
			out = append(out, bestRep...)
			out = append(out, rs[bestEnd:]...)
			rs = out
			i = bestS + len(bestRep) - 1
			repaired, tried = i+1, i
		}
	}
	return string(rs)
}

// tryShift reads rs from s as GBK bytes that lost their first byte. It
// returns the new reading of rs[s:end], the stretch that differs, and how
// much more likely it is than the old one. after says a repaired stretch
// ends right before s.
func tryShift(c *codec, rs []rune, s int, after bool, freq map[rune]int) (rep []rune, end int, gain int) {
	var got []rune
	from := s
	for from < len(rs) && rs[from] == utf8.RuneError {
		// Each replacement is two bytes the decoder refused, the second
		// half of one character and the first half of the next: the
		// first is lost with it, unless a repaired stretch already
		// ended with it.
		if from > s || !after {
			got = append(got, '□')
		}
		from++
	}
	// Encode as far as GBK goes: to a replacement, a character GBK lacks,
	// or the end of the window.
	stop := from
	for stop < len(rs) && stop < from+shiftWindow && rs[stop] != utf8.RuneError {
		stop++
	}
	b, n, _ := transform.Bytes(c.enc.NewEncoder(), []byte(string(rs[from:stop])))
	if n < len(string(rs[from:stop])) {
		stop = from + utf8.RuneCountInString(string(rs[from:stop])[:n])
	}
	// A replacement ends the stretch: the lead byte before it lost its
	// trail. When an ASCII mark follows, the replacement was that one byte.
	cut := stop < len(rs) && rs[stop] == utf8.RuneError
	pair := cut // the replacement is two bytes, and the stretch goes on after it
	if cut && (stop+1 == len(rs) || rs[stop+1] < 0x40) {
		stop++
		pair = false
	}
	if len(b) < 2 {
		return nil, 0, 0
	}
	dec, err := c.enc.NewDecoder().Bytes(b[1:])
	if err != nil {
		return nil, 0, 0
	}
	if from > s {
		// After a replacement the lost byte was most likely half of a
		// Han character, not punctuation: do not guess.
		got = append(got, '□')
	} else {
		got = append(got, lostLead(c, b[0]))
	}
	got = append(got, []rune(string(dec))...)
	if cut && got[len(got)-1] == utf8.RuneError {
		got[len(got)-1] = '□' // its second byte is the one read as a replacement
	}
	old := rs[s:stop]
	// The two readings agree again once the decoder is back in step.
	k := 0
	for k < len(got) && k < len(old) && got[len(got)-1-k] == old[len(old)-1-k] {
		k++
	}
	if k == 0 && stop < len(rs) && !cut {
		return nil, 0, 0
	}
	got, old = got[:len(got)-k], old[:len(old)-k]
	newScore, oldScore := 0, 0
	for i, r := range got {
		sc := runeScore(r)
		if i > 0 && sc <= -4 {
			return nil, 0, 0 // the new reading is no better Chinese
		}
		if r >= 0x80 && freq[r] >= 3 {
			sc++
		}
		newScore += sc
	}
	for _, r := range old {
		sc := runeScore(r)
		if r < 0x80 {
			sc -= 2 // a Latin letter in the middle of Chinese text
		} else if freq[r] >= 3 {
			sc++
		}
		oldScore += sc
	}
	end, gain = s+len(old), newScore-oldScore
	if pair && k == 0 && end == stop {
		if more, end2, gain2 := tryShift(c, rs, stop, true, freq); more != nil {
			got = append(got, more...)
			end, gain = end2, gain+gain2
		}
	}
	return got, end, gain
}

// A codec is an encoding whose stretches can be read back in step, and
// the lead bytes of its rows of punctuation.
type codec struct {
	enc   encoding.Encoding
	marks []byte
}

var (
	gbkCodec  = &codec{enc: simplifiedchinese.GBK, marks: []byte{0xA1, 0xA3}}
	big5Codec = &codec{enc: traditionalchinese.Big5, marks: []byte{0xA1}}
)

// lostLead recovers the character whose first byte was lost, from its
// second byte alone. Only the punctuation rows are tried, and only a mark
// of ordinary prose is accepted: anything else cannot be told and is □.
func lostLead(c *codec, trail byte) rune {
	if trail < 0x40 || trail == 0x7F || trail == 0xFF {
		return '□'
	}
	var found []rune
	for _, lead := range c.marks {
		out, err := c.enc.NewDecoder().Bytes([]byte{lead, trail})
		if err != nil {
			continue
		}
		r, _ := utf8.DecodeRune(out)
		if strings.ContainsRune(commonPunct, r) {
			found = append(found, r)
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return '□'
}
