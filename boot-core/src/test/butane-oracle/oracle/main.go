// The corpus oracle: runs butane v0.28.0's own TranslateBytes, with the options ironcore-dev/boot-operator
// passes (Raw, NoResourceAutoCompression), over every NAME.bu in a directory and writes what butane made of
// it: NAME.ign.json (the Ignition config), or NAME.error (one "PATH: MESSAGE" line per error), and
// NAME.warnings when the report has non-fatal entries. Built inside a scratch copy of butane by regenerate.sh.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/coreos/butane/config"
	"github.com/coreos/butane/config/common"
	"github.com/coreos/vcontext/report"
)

func main() {
	dir := os.Args[1]
	names, _ := filepath.Glob(filepath.Join(dir, "*.bu"))
	sort.Strings(names)
	ok, refused := 0, 0
	for _, in := range names {
		base := strings.TrimSuffix(in, ".bu")
		for _, ext := range []string{".ign.json", ".error", ".warnings"} {
			os.Remove(base + ext)
		}
		input, err := os.ReadFile(in)
		if err != nil {
			panic(err)
		}
		out, r, err := config.TranslateBytes(input, common.TranslateBytesOptions{
			Raw:              true,
			TranslateOptions: common.TranslateOptions{NoResourceAutoCompression: true},
		})
		if warnings := lines(r, false); warnings != "" {
			write(base+".warnings", warnings)
		}
		if err != nil {
			errs := lines(r, true)
			if errs == "" {
				// not a report: unparsable YAML, unknown variant or version
				errs = ": " + err.Error() + "\n"
			}
			write(base+".error", errs)
			refused++
			continue
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, out, "", "  "); err != nil {
			panic(err)
		}
		pretty.WriteString("\n")
		write(base+".ign.json", pretty.String())
		ok++
	}
	fmt.Fprintf(os.Stderr, "oracle: %d translated, %d refused\n", ok, refused)
}

// lines lists the report's errors (fatal) or its warnings and infos (!fatal) as "PATH: MESSAGE", where
// PATH is the Butane path with dots ("storage.files.1.path") or empty for the document as a whole.
func lines(r report.Report, fatal bool) string {
	var b strings.Builder
	for _, e := range r.Entries {
		if e.Kind.IsFatal() != fatal {
			continue
		}
		var parts []string
		for _, p := range e.Context.Path {
			parts = append(parts, fmt.Sprint(p))
		}
		kind := ""
		if !fatal {
			kind = strings.ToLower(e.Kind.String()) + " "
		}
		fmt.Fprintf(&b, "%s%s: %s\n", kind, strings.Join(parts, "."), e.Message)
	}
	return b.String()
}

func write(path, text string) {
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		panic(err)
	}
}
