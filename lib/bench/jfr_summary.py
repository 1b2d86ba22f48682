#!/usr/bin/python3
"""Summarise a JFR recording's CPU samples: `jfr_summary.py REC.jfr [top]`.

Counts jdk.ExecutionSample (Java code running) and jdk.NativeMethodSample (a Java thread inside a
native method, e.g. libnd4j ops) by top frame (self) and by every method on the stack (total)."""
import collections
import re
import subprocess
import sys

rec, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
for event in ('jdk.ExecutionSample', 'jdk.NativeMethodSample'):
    text = subprocess.run(['jfr', 'print', '--stack-depth', '64', '--events', event, rec],
                          capture_output=True, text=True).stdout
    selfc, total, n = collections.Counter(), collections.Counter(), 0
    for block in text.split(event + ' {')[1:]:
        frames = re.findall(r'^\s+([\w$.<>]+)\(.*?line:', block, re.M)
        if not frames:
            continue
        n += 1
        selfc[frames[0]] += 1
        for f in set(frames):
            total[f] += 1
    print(f'== {event}: {n} samples')
    print('-- self (top frame)')
    for f, c in selfc.most_common(top):
        print(f'{100.0 * c / n:5.1f}%  {f}')
    print('-- total (on the stack), fastai/deeplearning4j/nd4j/datavec frames')
    shown = 0
    for f, c in total.most_common():
        if re.match(r'(fastai|org\.deeplearning4j|org\.nd4j|org\.datavec)', f):
            print(f'{100.0 * c / n:5.1f}%  {f}')
            shown += 1
            if shown >= top:
                break
