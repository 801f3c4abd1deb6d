#!/usr/bin/env python3
"""Wraps C# lines longer than 140 characters at safe points: after ', ' outside strings at bracket depth > 0, or at a
word boundary in a // comment line. Tracks multi-line verbatim and raw strings and never touches lines inside them.
A file it cannot track is left as it is from that point. Compile afterwards: the compiler is the final check."""
import re, sys

LIMIT = 140

def skip_string(line, i):
    """From just after the opening quote of a regular string: the index after its closing quote, or None."""
    while i < len(line):
        if line[i] == '\\':
            i += 2; continue
        if line[i] == '"':
            return i + 1
        i += 1
    return None

def skip_interpolated(line, i):
    """From just after the opening quote of $"...": the index after its closing quote (holes may hold strings), or None."""
    n = len(line)
    while i < n:
        c = line[i]
        if c == '\\':
            i += 2; continue
        if c == '{':
            if line.startswith('{{', i):
                i += 2; continue
            depth, i = 1, i + 1
            while i < n and depth > 0:
                c = line[i]
                if line.startswith('$"', i):
                    j = skip_interpolated(line, i + 2)
                    if j is None:
                        return None
                    i = j; continue
                if c == '"':
                    j = skip_string(line, i + 1)
                    if j is None:
                        return None
                    i = j; continue
                if c == "'":
                    j = line.find("'", i + 2 if line[i + 1] == '\\' else i + 1)
                    if j < 0:
                        return None
                    i = j + 1; continue
                depth += c == '{'
                depth -= c == '}'
                i += 1
            continue
        if c == '"':
            return i + 1
        i += 1
    return None

def scan(line, mode):
    """Scans one line from state `mode`. Returns (comma split points, index of a // comment or None, end mode).
    Modes: None (code), ('verb',) in a verbatim string, ('raw', n) in a raw string, ('bad',) cannot track."""
    i, n, depth, cands, comment, angle = 0, len(line), 0, [], None, 0
    while i < n:
        c = line[i]
        if mode is not None:
            if mode[0] == 'verb':
                if c == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        i += 2; continue
                    mode = None
                i += 1; continue
            if mode[0] == 'raw':
                if line.startswith('"' * mode[1], i):
                    i += mode[1]; mode = None; continue
                i += 1; continue
            if mode[0] == 'str':  # regular or interpolated regular string, one line only
                if c == '\\':
                    i += 2; continue
                if c == '"':
                    mode = None
                i += 1; continue
            if mode[0] == 'chr':
                if c == '\\':
                    i += 2; continue
                if c == "'":
                    mode = None
                i += 1; continue
        if line.startswith('//', i):
            comment = i; break
        if line.startswith('/*', i):
            j = line.find('*/', i + 2)
            if j < 0:
                return cands, comment, ('bad',)
            i = j + 2; continue
        m = re.match(r'(\$*)(@?)("+)', line[i:]) if c in '$@"' else None
        if m:
            dollars, at, quotes = m.group(1), m.group(2), m.group(3)
            if len(quotes) >= 3 and not at:
                if dollars and line.find('"' * len(quotes), i + len(m.group(0))) < 0:
                    return cands, comment, ('bad',)  # multi-line interpolated raw string
                mode = ('raw', len(quotes)); i += len(dollars) + len(quotes); continue
            if len(quotes) >= 1 and (dollars or at):
                if at:
                    if dollars:
                        return cands, comment, ('bad',)  # interpolated verbatim: not tracked
                    mode = ('verb',); i += 2; continue
                end = skip_interpolated(line, i + len(dollars) + 1)
                if end is None:
                    return cands, comment, ('bad',)
                i = end; continue
            if c == '"':
                if line.startswith('""', i) and not line.startswith('"""', i):
                    i += 2; continue  # empty string
                mode = ('str',); i += 1; continue
        if c == "'":
            mode = ('chr',); i += 1; continue
        if c == '<' and i > 0 and (line[i - 1].isalnum() or line[i - 1] == '_') and i + 1 < n and (line[i + 1].isalpha()
                or line[i + 1] in '(['):
            angle += 1  # a generic argument list: its commas are no place to break
        elif c == '>' and angle > 0:
            angle -= 1
        elif c in '([{':
            depth += 1
        elif c in ')]}':
            depth -= 1
        elif c == ',' and depth > 0 and angle == 0 and i + 1 < n and line[i + 1] == ' ':
            cands.append((i + 1, depth))
        i += 1
    if mode is not None and mode[0] in ('str', 'chr'):
        return cands, comment, ('bad',)
    return cands, comment, mode

def wrap_comment(line):
    prefix = re.match(r'\s*//+\s?', line).group(0)
    pieces, cur = [], prefix
    for w in line[len(prefix):].split(' '):
        if cur != prefix and len(cur) + 1 + len(w) > LIMIT:
            pieces.append(cur.rstrip()); cur = prefix + w
        else:
            cur = cur + (' ' if cur != prefix else '') + w
    pieces.append(cur.rstrip())
    return pieces

def wrap_code(line):
    cont = re.match(r'\s*', line).group(0) + '    '
    pieces, rest = [], line
    while len(rest) > LIMIT:
        cands, comment, _ = scan(rest, None)
        ok = [(d, -k) for k, d in cands if max(len(cont) + 10, 70) < k < LIMIT and (comment is None or k < comment)]
        if not ok:
            break
        k = -min(ok)[1]  # the shallowest bracket level, then the latest comma
        pieces.append(rest[:k].rstrip())
        rest = cont + rest[k:].lstrip()
    pieces.append(rest)
    return pieces

def process(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    out, mode, changed = [], None, 0
    for idx, line in enumerate(lines):
        before = mode
        _, _, mode = scan(line, before)
        if mode == ('bad',):
            sys.stderr.write(f'{path}:{idx + 1}: cannot track strings here; rest of file left as it is\n')
            out.extend(lines[idx:]); break
        if len(line) <= LIMIT or before is not None:
            out.append(line); continue
        pieces = wrap_comment(line) if line.lstrip().startswith('//') else wrap_code(line)
        changed += len(pieces) > 1
        out.extend(pieces)
    new = '\n'.join(out)
    if new != '\n'.join(lines):
        open(path, 'w', encoding='utf-8').write(new)
    return changed

if __name__ == '__main__':
    print('wrapped', sum(process(p) for p in sys.argv[1:]), 'lines')
