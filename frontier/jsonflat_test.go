package frontier

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

func newTestParser(logprob string) *flatParser {
	return &flatParser{names: [nSlots]string{"prompt", "reward", logprob}}
}

func TestFlatParserValid(t *testing.T) {
	tests := []struct {
		name, line, prompt string
		reward             float64
	}{
		{"plain", `{"prompt": "p123", "reward": 0.123}`, "p123", 0.123},
		{"compact", `{"prompt":"p","reward":-1}`, "p", -1},
		{"reversed", `{"reward": 2.5e-3, "prompt": "x"}`, "x", 2.5e-3},
		{"spaces", " \t{ \"prompt\" : \"a b\" ,\r\"reward\" : 1E+2 } \r", "a b", 100},
		{"numeric prompt", `{"prompt": 17, "reward": 1}`, "17", 1},
		{"float prompt keeps text", `{"prompt": -1.50e2, "reward": 1}`, "-1.50e2", 1},
		{"bool prompt", `{"prompt": true, "reward": 1}`, "true", 1},
		{"escaped prompt", `{"prompt": "a\"b\\c\/d\u00e9\ud83d\ude00\n", "reward": 1}`, "a\"b\\c/dé😀\n", 1},
		{"unicode prompt", `{"prompt": "héllo", "reward": 1}`, "héllo", 1},
		{"invalid utf8 becomes U+FFFD", "{\"prompt\": \"a\xffb\", \"reward\": 1}", "a\ufffdb", 1},
		{"escaped key", `{"pr\u006fmpt": "k", "reward": 1}`, "k", 1},
		{"nested skipped", `{"meta": {"a": [1, 2, {"b": null}], "c": "}"}, "prompt": "k", "reward": 0, "z": [[], {}]}`, "k", 0},
		{"other scalars skipped", `{"t": true, "f": false, "n": null, "s": "x\"y", "prompt": "k", "reward": 1e-400}`, "k", 0},
		{"negative zero", `{"prompt": "k", "reward": -0}`, "k", math.Copysign(0, -1)},
		{"long text field", `{"response": "` + strings.Repeat("lorem ipsum ", 1000) + `", "prompt": "k", "reward": 3}`, "k", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestParser("")
			if e := p.parse([]byte(tc.line)); e != nil {
				t.Fatalf("parse(%q): %s", tc.line, e.msg)
			}
			if string(p.prompt) != tc.prompt {
				t.Errorf("prompt = %q, want %q", p.prompt, tc.prompt)
			}
			if p.reward != tc.reward || math.Signbit(p.reward) != math.Signbit(tc.reward) {
				t.Errorf("reward = %v, want %v", p.reward, tc.reward)
			}
		})
	}
}

func TestFlatParserInvalid(t *testing.T) {
	tests := []struct {
		name, line, field string
		kind              error
	}{
		{"not an object", `["prompt", 1]`, "", ErrSyntax},
		{"truncated", `{"prompt": "p", "reward": 1`, "", ErrSyntax},
		{"trailing comma", `{"prompt": "p", "reward": 1,}`, "", ErrSyntax},
		{"trailing data", `{"prompt": "p", "reward": 1} x`, "", ErrSyntax},
		{"two objects", `{"prompt": "p", "reward": 1}{}`, "", ErrSyntax},
		{"single quotes", `{'prompt': 'p', 'reward': 1}`, "", ErrSyntax},
		{"bad escape", `{"prompt": "a\qb", "reward": 1}`, "prompt", ErrSyntax},
		{"short unicode escape", `{"prompt": "\u12", "reward": 1}`, "prompt", ErrSyntax},
		{"control char", "{\"prompt\": \"a\tb\", \"reward\": 1}", "prompt", ErrSyntax},
		{"bad number", `{"prompt": "p", "reward": 01}`, "", ErrSyntax},
		{"bare dot", `{"prompt": "p", "reward": .5}`, "", ErrSyntax},
		{"plus sign", `{"prompt": "p", "reward": +1}`, "", ErrSyntax},
		{"NaN literal", `{"prompt": "p", "reward": NaN}`, "", ErrSyntax},
		{"bad nested", `{"m": {"a": 1,}, "prompt": "p", "reward": 1}`, "", ErrSyntax},
		{"missing reward", `{"prompt": "p", "score": 1}`, "reward", ErrMissingField},
		{"missing prompt", `{"reward": 1}`, "prompt", ErrMissingField},
		{"string reward", `{"prompt": "p", "reward": "0.5"}`, "reward", ErrBadValue},
		{"null reward", `{"prompt": "p", "reward": null}`, "reward", ErrBadValue},
		{"array reward", `{"prompt": "p", "reward": [1]}`, "reward", ErrBadValue},
		{"overflow reward", `{"prompt": "p", "reward": 1e400}`, "reward", ErrBadValue},
		{"null prompt", `{"prompt": null, "reward": 1}`, "prompt", ErrBadValue},
		{"object prompt", `{"prompt": {"id": 1}, "reward": 1}`, "prompt", ErrBadValue},
		{"duplicate reward", `{"prompt": "p", "reward": 1, "reward": 2}`, "reward", ErrBadValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newTestParser("")
			e := p.parse([]byte(tc.line))
			if e == nil {
				t.Fatalf("parse(%q) succeeded; want an error", tc.line)
			}
			if e.field != tc.field || !errors.Is(e.kind, tc.kind) {
				t.Errorf("parse(%q): field %q kind %v (%s); want field %q kind %v", tc.line, e.field, e.kind, e.msg, tc.field, tc.kind)
			}
		})
	}
}

func TestFlatParserDepth(t *testing.T) {
	deep := func(n int) string {
		return `{"prompt": "p", "reward": 1, "x": ` + strings.Repeat("[", n) + strings.Repeat("]", n) + "}"
	}
	// encoding/json allows 10000 nested containers, counting the outer object.
	for _, n := range []int{maxDepth - 1, maxDepth} {
		line := []byte(deep(n))
		p := newTestParser("")
		e := p.parse(line)
		if got, want := e == nil, json.Valid(line); got != want {
			t.Errorf("depth %d: parse ok = %v, json.Valid = %v", n+1, got, want)
		}
	}
}

// referenceParse is the specification of flatParser, written with
// encoding/json: the line must be a JSON object (json.Valid), the wanted
// fields present once at the top level, the prompt a scalar other than null
// (strings decoded, other scalars as written), the reward a finite number.
func referenceParse(line []byte) (prompt string, reward float64, ok bool) {
	if !json.Valid(line) {
		return "", 0, false
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return "", 0, false
	}
	var rawPrompt, rawReward json.RawMessage
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return "", 0, false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return "", 0, false
		}
		switch k.(string) {
		case "prompt":
			if rawPrompt != nil {
				return "", 0, false
			}
			rawPrompt = raw
		case "reward":
			if rawReward != nil {
				return "", 0, false
			}
			rawReward = raw
		}
	}
	if rawPrompt == nil || rawReward == nil {
		return "", 0, false
	}
	switch c := rawPrompt[0]; {
	case c == '"':
		if err := json.Unmarshal(rawPrompt, &prompt); err != nil {
			return "", 0, false
		}
	case c == 'n' || c == '{' || c == '[':
		return "", 0, false
	default:
		prompt = string(rawPrompt)
	}
	if c := rawReward[0]; c != '-' && (c < '0' || c > '9') {
		return "", 0, false
	}
	reward, err = strconv.ParseFloat(string(rawReward), 64)
	if err != nil || math.IsInf(reward, 0) {
		return "", 0, false
	}
	return prompt, reward, true
}

// FuzzJSONLine checks flatParser against referenceParse on arbitrary lines:
// same acceptance, same prompt key, same reward bits.
func FuzzJSONLine(f *testing.F) {
	for _, s := range []string{
		`{"prompt": "p123", "reward": 0.123}`,
		`{"reward": -1e-3, "prompt": 5, "x": {"y": [true, false, null, "s"]}}`,
		`{"prompt": "a\"b\u00e9\ud83d\ude00", "reward": 0}`,
		`{"pr\u006fmpt": "k", "reward": 1, "reward": 2}`,
		"{\"prompt\": \"\xff\", \"reward\": 1}",
		`{"prompt": null, "reward": 1}`,
		`{"prompt": "p", "reward": "1"}`,
		`{"prompt": "p", "reward": 1e400}`,
		`[1, 2]`,
		`{"prompt": "p", "reward": 1,}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		if bytes.IndexByte(line, '\n') >= 0 {
			return // the reader splits lines first
		}
		p := newTestParser("")
		e := p.parse(line)
		prompt, reward, ok := referenceParse(line)
		if (e == nil) != ok {
			msg := "<nil>"
			if e != nil {
				msg = e.msg
			}
			t.Fatalf("line %q: parser error %s, reference ok = %v", line, msg, ok)
		}
		if ok && (string(p.prompt) != prompt || math.Float64bits(p.reward) != math.Float64bits(reward)) {
			t.Fatalf("line %q: parser (%q, %v), reference (%q, %v)", line, p.prompt, p.reward, prompt, reward)
		}
	})
}

// FuzzReaderCSV feeds arbitrary bytes to the CSV reader: it must never
// panic, every error must be a *SyntaxError with a line number, and every
// record must carry a finite reward.
func FuzzReaderCSV(f *testing.F) {
	for _, s := range []string{
		"prompt,reward\np1,0.5\np1,1e-3\n",
		"id,prompt,reward,logprob\n1,\"a,b\",-2,-0.5\n2,\"multi\nline\",3.,-1\n",
		"prompt,reward\np1,abc\n",
		"prompt,reward\np1,NaN\n",
		"prompt,reward\np1\n",
		"prompt,score\np1,1\n",
		"\ufeffprompt,reward\r\np,+.5e+1\r\n",
		"prompt,reward\n\"unterminated,1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), ReaderOptions{Format: FormatCSV, Name: "fuzz.csv"})
		for r.Scan() {
			rec := r.Record()
			if math.IsNaN(rec.Reward) || math.IsInf(rec.Reward, 0) || rec.Line < 2 {
				t.Fatalf("record %+v", rec)
			}
		}
		if err := r.Err(); err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || (se.Line < 1 && !errors.Is(err, io.ErrUnexpectedEOF)) {
				t.Fatalf("error %v (%T) is not a *SyntaxError with a line", err, err)
			}
		}
	})
}

// FuzzParseDecimal checks the CSV number grammar against its definition.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "-0.5", " +.5e-3 ", "5.", "1_0", "0x1p-2", "inf", "NaN", "1e400", "", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, msg := parseDecimal(s)
		want, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		valid := err == nil && !math.IsInf(want, 0) && isPlainDecimal(strings.TrimSpace(s))
		if (msg == "") != valid {
			t.Fatalf("parseDecimal(%q) = %v, %q; want valid = %v", s, x, msg, valid)
		}
		if valid && math.Float64bits(x) != math.Float64bits(want) {
			t.Fatalf("parseDecimal(%q) = %v; want %v", s, x, want)
		}
	})
}

// isPlainDecimal: [+-]?(digits[.digits*] | .digits)([eE][+-]?digits)?
func isPlainDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	mant, exp, hasExp := strings.Cut(strings.ReplaceAll(s, "E", "e"), "e")
	if strings.Count(s, "e")+strings.Count(s, "E") > 1 {
		return false
	}
	ip, fp, _ := strings.Cut(mant, ".")
	if ip+fp == "" || strings.Trim(ip, "0123456789") != "" || strings.Trim(fp, "0123456789") != "" {
		return false
	}
	if hasExp {
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			exp = exp[1:]
		}
		if exp == "" || strings.Trim(exp, "0123456789") != "" {
			return false
		}
	}
	return true
}
