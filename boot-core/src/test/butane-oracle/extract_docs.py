#!/usr/bin/env python3
"""Writes every ```yaml block of butane's docs/*.md that is a whole Butane document (has `variant:`) to
OUT/NAME.body with its provenance in OUT/NAME.src. Arguments: butane root, OUT."""
import glob, hashlib, os, re, sys

root, out = sys.argv[1], sys.argv[2]
count = 0
for path in sorted(glob.glob(os.path.join(root, 'docs', '*.md'))):
    rel = os.path.relpath(path, root)
    heading, block, n = '', None, 0
    for line in open(path):
        if block is None:
            m = re.match(r'^#+\s+(.*)', line)
            if m:
                heading = m.group(1).strip()
            if re.match(r'^```ya?ml\s*$', line):
                block = []
            continue
        if line.startswith('```'):
            text = ''.join(block)
            block = None
            if not re.search(r'^variant:', text, re.M):
                continue
            n += 1
            name = hashlib.sha256(text.encode()).hexdigest()[:16]
            with open(os.path.join(out, name + '.src'), 'a') as f:
                f.write(f'# source: {rel} section "{heading}" example {n} @ v0.28.0\n')
            with open(os.path.join(out, name + '.body'), 'w') as f:
                f.write(text)
            count += 1
            continue
        block.append(line)
print(f'extracted {count} documentation examples', file=sys.stderr)
