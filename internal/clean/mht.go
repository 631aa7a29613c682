package clean

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// mhtPart finds the page in a saved .mht/.mhtml archive: the first text/html
// part, else the first text/plain one, its transfer encoding undone. It
// returns the part's bytes, its declared charset and whether it is HTML.
func mhtPart(raw []byte) (body []byte, charset string, isHTML bool, err error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, "", false, ErrNoArticle
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		mediaType = "text/html"
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		b, err := readPart(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			return nil, "", false, ErrNoArticle
		}
		return b, params["charset"], mediaType != "text/plain", nil
	}
	var plain []byte
	var plainCharset string
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err != nil {
			break
		}
		ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ct != "text/html" && ct != "text/plain" {
			continue
		}
		b, err := readPart(p, p.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			continue
		}
		if ct == "text/html" {
			return b, cp["charset"], true, nil
		}
		if plain == nil {
			plain, plainCharset = b, cp["charset"]
		}
	}
	if plain != nil {
		return plain, plainCharset, false, nil
	}
	return nil, "", false, ErrNoArticle
}

// readPart reads one part and undoes its Content-Transfer-Encoding.
func readPart(r io.Reader, cte string) ([]byte, error) {
	r = io.LimitReader(r, MaxBytes)
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(r))
	case "base64":
		raw, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		clean := bytes.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, raw)
		out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, err := base64.StdEncoding.Decode(out, clean)
		if err != nil {
			n, err = base64.RawStdEncoding.Decode(out, bytes.TrimRight(clean, "="))
		}
		return out[:n], err
	}
	return io.ReadAll(r)
}
