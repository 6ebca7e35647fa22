#!/usr/bin/env python3
"""Adds a corpusDump call to every table-driven test loop whose cases have an `in` field, in a scratch
copy of butane v0.28.0 (argument: its root). Also drops corpus_dump_test.go into each such package."""
import os, re, sys

root = sys.argv[1]
template = open(os.path.join(os.path.dirname(__file__), 'corpus_dump_test.go.tmpl')).read()

# Which Butane document a package's fragments belong to. Base packages are used through fcos.
BASE_TO_FCOS = {'v0_1': '1.0.0', 'v0_2': '1.1.0', 'v0_3': '1.3.0', 'v0_4': '1.4.0', 'v0_5': '1.5.0',
                'v0_6': '1.6.0', 'v0_7': '1.7.0', 'v0_8_exp': '1.8.0-experimental'}

def variant_version(rel):
    parts = rel.split('/')
    if parts[0] == 'base':
        return 'fcos', BASE_TO_FCOS[parts[1]]
    variant, v = parts[1], parts[2]
    exp = v.endswith('_exp')
    nums = v[1:].replace('_exp', '').split('_')
    return variant, '.'.join(nums) + '.0' + ('-experimental' if exp else '')

loop = re.compile(r'^(\s*)for (\w+), (\w+) := range tests \{\s*$')
func = re.compile(r'^func (Test\w+)\(t \*testing\.T\)')
infield = re.compile(r'^\s+in\s+[A-Z]\w*\s*$')

count = 0
for top in ('base', 'config'):
    for dirpath, dirs, files in os.walk(os.path.join(root, top)):
        rel = os.path.relpath(dirpath, root)
        if not re.match(r'^(base/v0_\w+|config/\w+/v\d\w*)$', rel):
            continue
        touched = False
        for name in sorted(files):
            if not name.endswith('_test.go'):
                continue
            path = os.path.join(dirpath, name)
            lines = open(path).read().split('\n')
            out, current, has_in = [], None, False
            for line in lines:
                m = func.match(line)
                if m:
                    current, has_in = m.group(1), False
                if infield.match(line):
                    has_in = True
                m = loop.match(line)
                if m and current and has_in:
                    indent, idx, var = m.groups()
                    if idx == '_':
                        idx = 'corpusI'
                        line = f'{indent}for {idx}, {var} := range tests {{'
                    out.append(line)
                    out.append(f'{indent}\tcorpusDump(t, "{rel}/{name}", "{current}", {idx}, {var}.in)')
                    count += 1
                    touched = True
                    continue
                out.append(line)
            open(path, 'w').write('\n'.join(out))
        if touched:
            pkg = re.search(r'^package (\w+)', open(os.path.join(dirpath, 'translate_test.go') if os.path.exists(os.path.join(dirpath, 'translate_test.go')) else path).read(), re.M).group(1)
            variant, version = variant_version(rel)
            text = template.replace('@PKG@', pkg).replace('@VARIANT@', variant).replace('@VERSION@', version)
            open(os.path.join(dirpath, 'corpus_dump_test.go'), 'w').write(text)
print(f'injected {count} dump points', file=sys.stderr)
