package frontier

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// This file is the fast path of the JSONL reader: a validating scanner for
// one JSON object per line that extracts the chosen fields (prompt, reward,
// optional logprob) without building a generic value. It accepts exactly the
// lines that encoding/json accepts as an object (checked by the fuzz target
// FuzzJSONLine against json.Valid and json.Unmarshal) and decodes strings the
// same way; encoding/json itself is called only for strings that carry
// escapes or bytes outside ASCII, to decode them exactly as it does (invalid
// UTF-8 becomes U+FFFD). Other fields, including nested objects and arrays,
// are validated and skipped.

// Field slots of the parser.
const (
	slotPrompt = iota
	slotReward
	slotLogprob
	nSlots
)

// maxDepth is encoding/json's nesting limit (objects and arrays).
const maxDepth = 10000

// lineError is a problem in one line, before the file name and line number
// are attached.
type lineError struct {
	field string // field concerned, "" for the line as a whole
	col   int    // 1-based byte column, 0 if not meaningful
	msg   string
	kind  error
}

// charClass marks the bytes a string scan must stop at: control characters,
// '"', '\\' and bytes ≥ 0x80 (which need UTF-8 handling).
var stopInString = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

// flatParser extracts named fields from one JSON object. It is reused from
// line to line and is not safe for concurrent use.
type flatParser struct {
	names  [nSlots]string // wanted field names; "" = not wanted
	seen   [nSlots]bool
	prompt []byte // decoded prompt key (aliases the line or promptBuf)
	// scratch for decoded strings: one for the prompt, one for field names,
	// so that decoding a later name does not overwrite the prompt
	promptBuf, keyBuf []byte
	reward            float64
	logprob           float64
}

func (p *flatParser) errAt(i int, field, msg string, kind error) *lineError {
	return &lineError{field: field, col: i + 1, msg: msg, kind: kind}
}

// parse scans line (without its newline) and fills prompt, reward and
// logprob. Missing wanted fields are reported.
func (p *flatParser) parse(b []byte) *lineError {
	p.seen = [nSlots]bool{}
	i := skipWS(b, 0)
	if i == len(b) || b[i] != '{' {
		return p.errAt(i, "", "expected a JSON object starting with '{'"+found(b, i), ErrSyntax)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return p.errAt(i, "", "expected a field name in double quotes"+found(b, i), ErrSyntax)
			}
			end, special, e := scanString(b, i)
			if e != nil {
				return e
			}
			slot, e := p.matchKey(b[i+1:end-1], special, i)
			if e != nil {
				return e
			}
			i = skipWS(b, end)
			if i >= len(b) || b[i] != ':' {
				return p.errAt(i, "", "expected ':' after a field name"+found(b, i), ErrSyntax)
			}
			i = skipWS(b, i+1)
			if slot >= 0 {
				if p.seen[slot] {
					return p.errAt(i, p.names[slot], "appears twice in the object; expected it once", ErrBadValue)
				}
				p.seen[slot] = true
				switch slot {
				case slotPrompt:
					i, e = p.parsePrompt(b, i)
				case slotReward:
					i, p.reward, e = p.parseNumber(b, i, p.names[slot])
				case slotLogprob:
					i, p.logprob, e = p.parseNumber(b, i, p.names[slot])
				}
			} else {
				i, e = skipValue(b, i, 1)
			}
			if e != nil {
				return e
			}
			i = skipWS(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return p.errAt(i, "", "expected ',' or '}' after a field value"+found(b, i), ErrSyntax)
		}
	}
	if i = skipWS(b, i); i != len(b) {
		return p.errAt(i, "", "unexpected data after the JSON object"+found(b, i), ErrSyntax)
	}
	for s := range nSlots {
		if p.names[s] != "" && !p.seen[s] {
			return &lineError{field: p.names[s], msg: "missing from the JSON object", kind: ErrMissingField}
		}
	}
	return nil
}

// matchKey returns the slot of the field name raw (the bytes between the
// quotes), or −1. Names with escapes or non-ASCII bytes are decoded first.
func (p *flatParser) matchKey(raw []byte, special bool, pos int) (int, *lineError) {
	name := raw
	if special {
		var err *lineError
		if name, err = p.decodeString(&p.keyBuf, raw, pos, ""); err != nil {
			return -1, err
		}
	}
	for s, n := range p.names {
		if n != "" && string(name) == n {
			return s, nil
		}
	}
	return -1, nil
}

// decodeString decodes the JSON string whose contents (between the quotes)
// are raw, exactly as encoding/json does, into *buf.
func (p *flatParser) decodeString(buf *[]byte, raw []byte, pos int, field string) ([]byte, *lineError) {
	b := append((*buf)[:0], '"')
	b = append(b, raw...)
	b = append(b, '"')
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, p.errAt(pos, field, "invalid string: "+err.Error(), ErrSyntax)
	}
	b = append(b[:0], s...)
	*buf = b
	return b, nil
}

// parsePrompt reads the prompt value: a string (decoded), a number, true or
// false (their literal text). null, objects and arrays are refused.
func (p *flatParser) parsePrompt(b []byte, i int) (int, *lineError) {
	name := p.names[slotPrompt]
	if i >= len(b) {
		return i, p.errAt(i, name, "expected a value", ErrSyntax)
	}
	switch c := b[i]; {
	case c == '"':
		end, special, e := scanString(b, i)
		if e != nil {
			e.field = name
			return i, e
		}
		raw := b[i+1 : end-1]
		if special {
			d, e := p.decodeString(&p.promptBuf, raw, i, name)
			if e != nil {
				return i, e
			}
			p.prompt = d
		} else {
			p.prompt = raw
		}
		return end, nil
	case c == '-' || (c >= '0' && c <= '9'):
		end, e := scanNumber(b, i)
		if e != nil {
			e.field = name
			return i, e
		}
		p.prompt = b[i:end]
		return end, nil
	case c == 't' || c == 'f':
		end, e := scanLiteral(b, i)
		if e != nil {
			e.field = name
			return i, e
		}
		p.prompt = b[i:end]
		return end, nil
	case c == 'n':
		if _, e := scanLiteral(b, i); e != nil {
			e.field = name
			return i, e
		}
		return i, p.errAt(i, name, "is null; expected a string, number or boolean identifying the prompt", ErrBadValue)
	case c == '{' || c == '[':
		if _, e := skipValue(b, i, 1); e != nil {
			return i, e
		}
		return i, p.errAt(i, name, "is an object or array; expected a string, number or boolean identifying the prompt", ErrBadValue)
	}
	return i, p.errAt(i, name, "expected a JSON value"+found(b, i), ErrSyntax)
}

// parseNumber reads a finite JSON number for the named field.
func (p *flatParser) parseNumber(b []byte, i int, name string) (int, float64, *lineError) {
	if i >= len(b) {
		return i, 0, p.errAt(i, name, "expected a value", ErrSyntax)
	}
	c := b[i]
	if c == '-' || (c >= '0' && c <= '9') {
		end, e := scanNumber(b, i)
		if e != nil {
			e.field = name
			return i, 0, e
		}
		x, err := strconv.ParseFloat(unsafe.String(&b[i], end-i), 64)
		if err != nil || math.IsInf(x, 0) {
			return i, 0, p.errAt(i, name, fmt.Sprintf("%s is out of the float64 range; expected a finite number", b[i:end]), ErrBadValue)
		}
		return end, x, nil
	}
	end, e := skipValue(b, i, 1)
	if e != nil {
		return i, 0, e
	}
	kind := "a string"
	switch c {
	case '{':
		kind = "an object"
	case '[':
		kind = "an array"
	case 't', 'f':
		kind = "a boolean"
	case 'n':
		kind = "null"
	}
	return i, 0, p.errAt(i, name, fmt.Sprintf("got %s %s; expected a finite number", kind, clip(b[i:end])), ErrBadValue)
}

// skipWS returns the index of the first non-whitespace byte at or after i.
func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// scanString validates the JSON string starting at b[i] == '"' and returns
// the index just past its closing quote, and whether it holds escapes or
// non-ASCII bytes (so must be decoded by decodeString).
func scanString(b []byte, i int) (end int, special bool, e *lineError) {
	j := i + 1
	for {
		for j < len(b) && !stopInString[b[j]] {
			j++
		}
		if j >= len(b) {
			return 0, false, &lineError{col: i + 1, msg: "unterminated string", kind: ErrSyntax}
		}
		switch c := b[j]; {
		case c == '"':
			return j + 1, special, nil
		case c == '\\':
			special = true
			if j+1 >= len(b) {
				return 0, false, &lineError{col: j + 1, msg: "unterminated string", kind: ErrSyntax}
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(b) || !isHex(b[j+2]) || !isHex(b[j+3]) || !isHex(b[j+4]) || !isHex(b[j+5]) {
					return 0, false, &lineError{col: j + 1, msg: `invalid \u escape in string; expected four hex digits`, kind: ErrSyntax}
				}
				j += 6
			default:
				return 0, false, &lineError{col: j + 1, msg: fmt.Sprintf("invalid escape %q in string", b[j:j+2]), kind: ErrSyntax}
			}
		case c < 0x20:
			return 0, false, &lineError{col: j + 1, msg: fmt.Sprintf("control character %#02x in string; expected it escaped", c), kind: ErrSyntax}
		default: // ≥ 0x80: any bytes are accepted (decoded to U+FFFD when invalid UTF-8)
			special = true
			j++
		}
	}
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// scanNumber validates the JSON number starting at b[i] and returns the
// index just past it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(b []byte, i int) (int, *lineError) {
	start := i
	bad := func(j int) (int, *lineError) {
		return 0, &lineError{col: j + 1, msg: "invalid number " + strconv.Quote(string(clip(b[start:numberEnd(b, j)]))), kind: ErrSyntax}
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return bad(i)
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return bad(i)
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return bad(i)
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	return i, nil
}

// numberEnd extends j over characters that could belong to a number, for
// error messages.
func numberEnd(b []byte, j int) int {
	for j < len(b) && j < 1<<20 {
		c := b[j]
		if !(c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			break
		}
		j++
	}
	return j
}

// scanLiteral validates true, false or null at b[i].
func scanLiteral(b []byte, i int) (int, *lineError) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit {
			return i + len(lit), nil
		}
	}
	return 0, &lineError{col: i + 1, msg: "invalid literal" + found(b, i) + "; expected true, false or null", kind: ErrSyntax}
}

// skipValue validates and skips any JSON value at b[i] (depth is the
// nesting depth of the enclosing container) and returns the index past it.
func skipValue(b []byte, i, depth int) (int, *lineError) {
	if i >= len(b) {
		return i, &lineError{col: i + 1, msg: "expected a value at the end of the line", kind: ErrSyntax}
	}
	switch c := b[i]; {
	case c == '"':
		end, _, e := scanString(b, i)
		return end, e
	case c == '-' || (c >= '0' && c <= '9'):
		return scanNumber(b, i)
	case c == 't' || c == 'f' || c == 'n':
		return scanLiteral(b, i)
	case c == '{' || c == '[':
		if depth+1 > maxDepth {
			return i, &lineError{col: i + 1, msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth), kind: ErrSyntax}
		}
		if c == '{' {
			return skipObject(b, i, depth+1)
		}
		return skipArray(b, i, depth+1)
	}
	return i, &lineError{col: i + 1, msg: "expected a JSON value" + found(b, i), kind: ErrSyntax}
}

func skipObject(b []byte, i, depth int) (int, *lineError) {
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, &lineError{col: i + 1, msg: "expected a field name in double quotes" + found(b, i), kind: ErrSyntax}
		}
		end, _, e := scanString(b, i)
		if e != nil {
			return i, e
		}
		i = skipWS(b, end)
		if i >= len(b) || b[i] != ':' {
			return i, &lineError{col: i + 1, msg: "expected ':' after a field name" + found(b, i), kind: ErrSyntax}
		}
		if i, e = skipValue(b, skipWS(b, i+1), depth); e != nil {
			return i, e
		}
		i = skipWS(b, i)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
			continue
		}
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		return i, &lineError{col: i + 1, msg: "expected ',' or '}' in an object" + found(b, i), kind: ErrSyntax}
	}
}

func skipArray(b []byte, i, depth int) (int, *lineError) {
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	for {
		var e *lineError
		if i, e = skipValue(b, i, depth); e != nil {
			return i, e
		}
		i = skipWS(b, i)
		if i < len(b) && b[i] == ',' {
			i = skipWS(b, i+1)
			continue
		}
		if i < len(b) && b[i] == ']' {
			return i + 1, nil
		}
		return i, &lineError{col: i + 1, msg: "expected ',' or ']' in an array" + found(b, i), kind: ErrSyntax}
	}
}

// found describes what is at b[i] for an error message.
func found(b []byte, i int) string {
	if i >= len(b) {
		return ", found the end of the line"
	}
	r, _ := utf8.DecodeRune(b[i:])
	return fmt.Sprintf(", found %q", r)
}

// clip shortens long values in messages.
func clip(b []byte) []byte {
	const max = 40
	if len(b) > max {
		return append(append([]byte(nil), b[:max]...), "…"...)
	}
	return b
}
