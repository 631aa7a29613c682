package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/photo"
	"github.com/huoshui/huoshui/internal/store"
)

// SeedPhotos gives the demo branch's theme days out of the office two
// photos each, drawn here (a sky, the ground, a red banner) and taken in
// through photo.Process like an upload, so the meeting pages show
// thumbnails, and two study materials a photo in their text and a
// document (seedMaterialFiles). It runs after Seed when a file store is
// at hand (serve --demo) and adds nothing to a meeting or material that
// already has attachments. It answers how many files it added.
func SeedPhotos(ctx context.Context, st *store.Store, files *blob.Store) (int, error) {
	branch, err := orgNamed(ctx, st, BranchName)
	if err != nil {
		return 0, err
	}
	ms, _, err := st.FindMeetings(ctx, huoshui.MeetingFilter{Scope: huoshui.Everything(), OrgID: branch.ID,
		Types: []huoshui.MeetingType{huoshui.MeetingThemeDay}})
	if err != nil {
		return 0, err
	}
	names := PhotoThemeDays()
	added := 0
	for i, m := range ms {
		if !containsAny(m.Title, names) || m.Tally.Present == 0 {
			continue
		}
		have, err := st.FindAttachments(ctx, m.ID)
		if err != nil {
			return added, err
		}
		if len(have) > 0 {
			continue
		}
		var xs []*huoshui.Attachment
		for k := range 2 {
			img, err := photo.Process(bytes.NewReader(scene(i*2+k)), huoshui.MaxAttachmentSize)
			if err != nil {
				return added, fmt.Errorf("demo photo: %w", err)
			}
			key, size, err := files.Put(ctx, bytes.NewReader(img.Data))
			if err != nil {
				return added, err
			}
			thumb, _, err := files.Put(ctx, bytes.NewReader(img.Thumb))
			if err != nil {
				return added, err
			}
			xs = append(xs, &huoshui.Attachment{MeetingID: m.ID, Kind: huoshui.AttachmentPhoto,
				Name:        fmt.Sprintf("%s-%d%s", m.StartsAt.In(huoshui.Shanghai).Format("20060102"), k+1, img.Ext),
				ContentType: img.ContentType, Size: size, Blob: key, Thumb: thumb, Width: img.Width, Height: img.Height})
		}
		if err := st.AddAttachments(ctx, actor, xs); err != nil {
			return added, err
		}
		added += len(xs)
	}
	n, err := seedMaterialFiles(ctx, st, files)
	return added + n, err
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// orgNamed is the demo org named name.
func orgNamed(ctx context.Context, st *store.Store, name string) (*huoshui.Org, error) {
	os, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: name})
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		if o.Name == name {
			return o, nil
		}
	}
	return nil, fmt.Errorf("demo: no org %s: %w", name, huoshui.ErrNotFound)
}

// scene draws a 1200×900 outdoor picture: a sky, a horizon, the ground
// and a red banner whose place changes with n, as a JPEG.
func scene(n int) []byte {
	const w, h = 1200, 900
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	horizon := h * (55 + n%4*5) / 100
	for y := range h {
		var c color.RGBA
		if y < horizon {
			t := y * 255 / horizon
			c = color.RGBA{uint8(120 + t/4), uint8(170 + t/5), 235, 255}
		} else {
			t := (y - horizon) * 255 / (h - horizon)
			c = color.RGBA{uint8(150 - t/3), uint8(140 - t/4), uint8(110 - t/4), 255}
		}
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	// The banner, on two poles.
	left := 120 + n%5*110
	top := horizon - 240
	for y := top; y < top+105; y++ {
		for x := left; x < left+520; x++ {
			img.SetRGBA(x, y, color.RGBA{190, 30, 35, 255})
		}
	}
	for _, px := range []int{left - 10, left + 520} {
		for y := top - 20; y < horizon+40; y++ {
			for x := px; x < px+10; x++ {
				img.SetRGBA(x, y, color.RGBA{90, 70, 60, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return b.Bytes()
}
