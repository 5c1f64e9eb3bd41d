#!/usr/bin/python3
"""Print the before/after table of `make bench` from its logs.

The first two logs, KUnit logs of UML kernels, hold one line per scenario
printed by lib/iova_bitmap_benchmark.c:
  bench: <scenario> | <sizes> | library_ns=.. limit_ns=.. pins=.. \
missing_bits=.. extra_bits=..
The optional third and fourth, of harness/bench-guest.sh (P5), hold the
same lines from tools/testing/selftests/vfio/dmalog_bench.c, run in x86_64
QEMU guests: no limit_ns, but bits= and expected_bits=.
"""
import os
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


def add_rows(rows, notes, before, after):
    """Append a row per scenario of after; say what is wrong in notes."""
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
        if 'limit_ns' in a:
            lms = ms(a['limit_ns'])
            lratio = f'{a["library_ns"] / max(a["limit_ns"], 1):.2f}'
        else:
            lms, lratio = 'n/a', 'n/a'
        if 'expected_bits' in a:
            got = [f'after {a["bits"]}']
            if b is not None:
                got.append(f'before {b["bits"]}')
            notes.append(f'{name}: {a["expected_bits"]} bits expected; '
                         f'returned: {", ".join(got)}')
        rows.append((name, sizes, bms, ms(a['library_ns']), ratio, lms,
                     lratio, bpins, str(a['pins'])))


def main(before_log, after_log, guest_before_log=None, guest_after_log=None):
    before, after = read(before_log), read(after_log)
    if not after:
        sys.exit(f'bench-table: no results in {after_log}')
    head = ('scenario', 'sizes', 'before ms', 'after ms', 'after/before',
            'limit ms', 'after/limit', 'pins before', 'pins after')
    rows = [head]
    notes = []
    add_rows(rows, notes, before, after)
    guest = guest_after_log is not None
    if guest:
        gafter = read(guest_after_log) if os.path.exists(guest_after_log) else {}
        gbefore = read(guest_before_log) if os.path.exists(guest_before_log) else {}
        if not gafter:
            notes.append(f'P5: no results in {guest_after_log}')
        add_rows(rows, notes, gbefore, gafter)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        print('  '.join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print('limit: the same bits with __set_bit_le()/memset() on the bitmap '
          'pages, pinned and mapped beforehand; times are the best of 3; '
          'pins: pages pinned by one report.')
    if guest:
        print('P5: the DMA_LOGGING_REPORT ioctl on the dmalog sample device, '
              'timed in x86_64 guests under QEMU TCG (emulated, lean config): '
              'absolute times are emulated, ratios count; bits checked one '
              'by one.')
    for n in notes:
        print('note: ' + n)


if __name__ == '__main__':
    main(*sys.argv[1:])
