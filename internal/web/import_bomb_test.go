package web_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// bombXLSX builds a small .xlsx whose one data cell unpacks to size
// bytes: a roster header, then a single inline-string cell of 'A's. The
// file is made at test time so the repository keeps nothing big.
func bombXLSX(t testing.TB, size int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, text string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, text)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
		`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>人员类别</t></is></c></row>`+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>`)
	chunk := bytes.Repeat([]byte("A"), 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk[:min(len(chunk), size-n)])
	}
	io.WriteString(w, `</t></is></c><c r="B2" t="inlineStr"><is><t>正式党员</t></is></c></row></sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// vmHWM is the peak resident memory of this process so far, in MB.
func vmHWM(t testing.TB) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return kb >> 10
		}
	}
	t.Skip("no VmHWM in /proc/self/status")
	return 0
}

// TestImportBombChild is the server side of TestImportBombMemory: it runs
// only in the child process that test starts, so that the peak memory it
// reports is this upload's and nothing else's.
func TestImportBombChild(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("HUOSHUI_BOMB_UPLOADS"))
	if n == 0 {
		t.Skip("run by TestImportBombMemory")
	}
	e := sqliteEnv(t)
	branch := e.demoOrg("秘书处")
	mb, _ := strconv.Atoi(os.Getenv("HUOSHUI_BOMB_MB"))
	data := bombXLSX(t, mb<<20)
	c := e.login("secretary")
	base := vmHWM(t)
	start := time.Now()
	var wg sync.WaitGroup
	resps := make([]*response, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resps[i] = c.uploadRoster(branch.ID, "花名册.xlsx", data)
		}()
	}
	// The server answers other people while it reads the files.
	health := c.get("/healthz")
	wg.Wait()
	elapsed := time.Since(start)
	fmt.Printf("BOMB cell=%dMB file=%dKB uploads=%d base=%dMB peak=%dMB elapsed=%s health=%d\n",
		mb, len(data)>>10, n, base, vmHWM(t), elapsed.Round(10*time.Millisecond), health.StatusCode)
	for _, r := range resps {
		msg := strings.Join(strings.Fields(r.doc().Find("ul.problems").Text()), " ")
		fmt.Printf("BOMB status=%d message=%q\n", r.StatusCode, msg)
	}
}

// A workbook of 250 KB whose one cell unpacks to 250 MB is refused with a
// clear 422 within seconds, and the server's memory stays flat — for one
// upload and for three at once; so is one whose cell unpacks to 60 MB,
// under the limit on the whole workbook. The upload runs in a child
// process so its peak resident memory (VmHWM) is measured alone.
func TestImportBombMemory(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, c := range []struct{ mb, n int }{{250, 1}, {250, 3}, {60, 3}} {
		n := c.n
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportBombChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "HUOSHUI_BOMB_UPLOADS="+strconv.Itoa(n), "HUOSHUI_BOMB_MB="+strconv.Itoa(c.mb))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child with %d uploads: %v\n%s", n, err, out)
		}
		var base, peak, statuses, refused int
		var elapsed time.Duration
		for _, line := range strings.Split(string(out), "\n") {
			if !strings.HasPrefix(line, "BOMB ") {
				continue
			}
			t.Log(line)
			var mb, kb, up, health int
			var el string
			if _, err := fmt.Sscanf(line, "BOMB cell=%dMB file=%dKB uploads=%d base=%dMB peak=%dMB elapsed=%s health=%d", &mb, &kb, &up, &base, &peak, &el, &health); err == nil {
				elapsed, _ = time.ParseDuration(el)
				if health != http.StatusOK {
					t.Errorf("%d uploads: /healthz answered %d", n, health)
				}
				continue
			}
			statuses++
			if strings.Contains(line, "status=422") && strings.Contains(line, "解压后") {
				refused++
			}
		}
		if statuses != n || refused != n {
			t.Errorf("%d uploads: %d of %d refused with 422 and a message about the unpacked size\n%s", n, refused, statuses, out)
		}
		if grew := peak - base; grew > 150 {
			t.Errorf("%d uploads: peak memory grew by %d MB (from %d to %d MB), want under 150", n, grew, base, peak)
		}
		t.Logf("%d uploads of a %d MB cell: answered in %s (speed is reported, not asserted)", n, c.mb, elapsed)
	}
}
