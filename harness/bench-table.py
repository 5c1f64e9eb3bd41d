#!/usr/bin/python3
"""Print the before/after table of `make bench` from two KUnit logs.

Each log holds one line per scenario, printed by lib/iova_bitmap_benchmark.c:
  bench: <scenario> | <sizes> | library_ns=.. limit_ns=.. pins=.. \
missing_bits=.. extra_bits=..
"""
import re
import sys

LINE = re.compile(r'bench: (?P<name>[^|]+?) \| (?P<sizes>[^|]+?) \| (?P<vals>.*)')


def read(path):
    rows = {}
    for line in open(path, errors='replace'):
        m = LINE.search(line)
        if m:
            vals = dict(kv.split('=') for kv in m['vals'].split())
            rows[m['name']] = (m['sizes'], {k: int(v) for k, v in vals.items()})
    return rows


def ms(ns):
    return f'{ns / 1e6:.2f}'


def main(before_log, after_log):
    before, after = read(before_log), read(after_log)
    if not after:
        sys.exit(f'bench-table: no results in {after_log}')
    head = ('scenario', 'sizes', 'before ms', 'after ms', 'after/before',
            'limit ms', 'after/limit', 'pins before', 'pins after')
    rows = [head]
    notes = []
    for name, (sizes, a) in after.items():
        b = before.get(name, (None, None))[1]
        lost_after = a['missing_bits'] + a['extra_bits']
        if lost_after:
            notes.append(f'{name}: the series got {a["missing_bits"]} bits '
                         f'missing and {a["extra_bits"]} extra: a bug')
        if b is None:
            bms, ratio, bpins = 'n/a', 'n/a', 'n/a'
        elif b['missing_bits'] or b['extra_bits']:
            bms, ratio, bpins = ms(b['library_ns']), 'wrong bits', str(b['pins'])
            notes.append(f'{name}: before drops {b["missing_bits"]} bits and '
                         f'sets {b["extra_bits"]} wrong ones; its time is '
                         f'not comparable')
        else:
            bms = ms(b['library_ns'])
            ratio = f'{a["library_ns"] / b["library_ns"]:.2f}'
            bpins = str(b['pins'])
        rows.append((name, sizes, bms, ms(a['library_ns']), ratio,
                     ms(a['limit_ns']),
                     f'{a["library_ns"] / max(a["limit_ns"], 1):.2f}',
                     bpins, str(a['pins'])))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        print('  '.join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print('limit: the same bits with __set_bit_le()/memset() on the bitmap '
          'pages, pinned and mapped beforehand; times are the best of 3; '
          'pins: pages pinned by one report.')
    for n in notes:
        print('note: ' + n)


if __name__ == '__main__':
    main(*sys.argv[1:])
