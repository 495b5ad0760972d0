package apiserver

import "testing"

func TestPrintable(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"ci via the API":                      "ci via the API",
		"Zoë's déploiement 🚀 \\ \"x\"":        "Zoë's déploiement 🚀 \\ \"x\"",
		"ci\nowner via the API deleted hub X": `ci\nowner via the API deleted hub X`,
		"a\r\tb\x00c":                         `a\r\tb\x00c`,
		"\x1b[31mred\x1b[0m":                  `\x1b[31mred\x1b[0m`,
		"evil\u202egnp.exe":                   `evil\u202egnp.exe`,
		"zero\u200bwidth\ufeff":               `zero\u200bwidth\ufeff`,
		"line\u2028para\u2029":                `line\u2028para\u2029`,
	}
	for in, want := range cases {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}
