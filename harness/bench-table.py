#!/usr/bin/python3
"""Print the before/after table of `make bench` from its logs.

The first two logs hold the lines of 6.1 and of the series that
lib/iova_bitmap_benchmark.c printed in UML, one per scenario and run
(both from the same kernel and run: see twin_tree in common.sh):
  bench: <scenario> | <sizes> | library_ns=.. limit_ns=.. \
pin_floor_ns=.. pins=.. missing_bits=.. extra_bits=..
A last line, "bench: map floor | window=.. | map_window_ns=..", times
vmap() of a window's pages.
The optional third and fourth, of harness/bench-guest.sh (P5), hold the
same lines from tools/testing/selftests/vfio/dmalog_bench.c, run in x86_64
QEMU guests: no limit_ns, but bits= and expected_bits=.
"""
import os
import re
import statistics
import sys

# Bitmap pages per window of iova_bitmap_for_each() at 4 KiB pages.
WINDOW_PAGES = 512
LINE = re.compile(r'bench: (?P<name>[^|]+?) \| (?P<sizes>[^|]+?) \| '
                  r'(?P<vals>.*)')


def merge(runs):
    """One scenario's runs as one: the best of the bests, the median of
    the medians, the worst of the counts; the runs themselves under
    'runs', for the ratios within each run."""
    out = {}
    for k in runs[0]:
        vals = sorted(r[k] for r in runs)
        if k.endswith('_med_ns'):
            out[k] = vals[len(vals) // 2]
        elif k.endswith('_ns'):
            out[k] = vals[0]
        else:
            out[k] = vals[-1]
    out['rounds'] = len(runs)
    out['runs'] = runs
    return out


def read(path):
    runs = {}
    for line in open(path, errors='replace'):
        m = LINE.search(line)
        if m:
            vals = dict(kv.split('=') for kv in m['vals'].split())
            sizes, got = runs.setdefault(m['name'], (m['sizes'], []))
            got.append({k: int(v) for k, v in vals.items()})
    return {name: (sizes, merge(got)) for name, (sizes, got) in runs.items()}


def ms(ns):
    return f'{ns / 1e6:.2f}'


def by_run(a, b, key):
    """The series' best time over b's best @key, run by run, as "median
    (lowest-highest)".  Both sides of a run were timed in turns in the
    same kernel, so a ratio within a run is not skewed by a noisy run the
    way a ratio of the best of all runs can be."""
    if b is None or len(a['runs']) != len(b['runs']):
        return 'n/a'
    r = sorted(x['library_ns'] / max(y[key], 1)
               for x, y in zip(a['runs'], b['runs']))
    return f'{statistics.median(r):.2f} ({r[0]:.2f}-{r[-1]:.2f})'


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
            bms, ratio = ms(b['library_ns']), 'wrong bits'
            bpins = str(b['pins'])
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


def kunit_rows(before, after, notes, platform):
    """Rows of the KUnit benchmark, one per scenario: times, ratios, pins."""
    rows = {}
    for name, (sizes, a) in after.items():
        if 'limit_ns' not in a:
            continue
        b = before.get(name, (None, None))[1]
        if a['missing_bits'] or a['extra_bits']:
            notes.append(f'{platform} {name}: the series got '
                         f'{a["missing_bits"]} bits missing and '
                         f'{a["extra_bits"]} extra: a bug')
        amed = a.get('library_med_ns', a['library_ns'])
        lmed = a.get('limit_med_ns', a['limit_ns'])
        r = {'sizes': sizes,
             'after': f'{ms(a["library_ns"])}/{ms(amed)}',
             'limit': ms(a['limit_ns']),
             'a/l': f'{a["library_ns"] / max(a["limit_ns"], 1):.2f}',
             'a/l run': by_run(a, a, 'limit_ns'),
             'direct': 'n/a', 'a/d': 'n/a',
             'pins': str(a['pins']), 'peak': str(a.get('peak_pins', 'n/a')),
             'rounds': a['rounds'],
             'before': 'n/a', 'a/b': 'n/a', 'a/b run': 'n/a', 'b/l': 'n/a',
             'bpins': 'n/a',
             'bpeak': 'n/a'}
        if 'direct_limit_ns' in a:
            r['direct'] = ms(a['direct_limit_ns'])
            r['a/d'] = f'{a["library_ns"] / max(a["direct_limit_ns"], 1):.2f}'
        r['floors'] = floors(a, b, after.get('map floor', (None, {}))[1])
        if b is not None:
            bmed = b.get('library_med_ns', b['library_ns'])
            r['before'] = f'{ms(b["library_ns"])}/{ms(bmed)}'
            r['b/l'] = f'{b["library_ns"] / max(b["limit_ns"], 1):.2f}'
            r['bpins'] = str(b['pins'])
            r['bpeak'] = str(b.get('peak_pins', 'n/a'))
            if b['missing_bits'] or b['extra_bits']:
                r['a/b'] = 'wrong bits'
                notes.append(f'{platform} {name}: 6.1 drops '
                             f'{b["missing_bits"]} bits and sets '
                             f'{b["extra_bits"]} wrong ones')
            else:
                r['a/b'] = f'{a["library_ns"] / b["library_ns"]:.2f}'
                r['a/b run'] = by_run(a, b, 'library_ns')
        rows[name] = r
    return rows


def floors(a, b, map_floor):
    """The floor columns of a row where the series pins what 6.1 pins, or
    None: what a library that pins pays at least, with and without one
    mapping of the bitmap, against 6.1 and its 0.75x target.  6.1 pins a
    window (WINDOW_PAGES) per call; the map floor is timed per window."""
    if 'pin_floor_ns' not in a or 'map_window_ns' not in map_floor or \
            b is None or a['pins'] < b['pins'] or \
            b['missing_bits'] or b['extra_bits']:
        return None
    windows = -(-b['pins'] // WINDOW_PAGES)
    map_ns = windows * map_floor['map_window_ns']
    direct = a['direct_limit_ns'] + a['pin_floor_ns']
    mapped = a['limit_ns'] + a['pin_floor_ns'] + map_ns
    best = min(direct, mapped)
    return [ms(b['library_ns']), ms(0.75 * b['library_ns']),
            ms(a['library_ns']), ms(a['pin_floor_ns']),
            ms(map_ns), ms(direct), ms(mapped),
            f'{best / b["library_ns"]:.2f}',
            f'{a["library_ns"] / best:.2f}']


def print_floors(sides):
    """The second table: the floors of the rows that pin what 6.1 does."""
    rows = [['platform', 'scenario', '6.1 ms', '0.75x 6.1 ms', 'series ms',
             'pin floor ms', 'map floor ms', 'direct limit+pin ms',
             'limit+pin+map ms', 'best floor/6.1', 'series/best floor']]
    for name in sides[0][1]:
        for plat, side in sides:
            f = side.get(name, {}).get('floors')
            if f:
                rows.append([plat, name] + f)
    if len(rows) == 1:
        return
    print()
    print_table(rows)
    print('floors, in the rows where the series pins what 6.1 pins: pin '
          'floor: each window\'s bitmap pages pinned in one call and '
          'released dirty, nothing else; map floor: a window\'s pages '
          'vmap()ed, a byte of each read through the mapping, and '
          'unmapped, timed once after the scenarios (on UML it slows '
          'down what follows), times the windows; a library that pins '
          'and writes through the kernel\'s mapping of each page costs at '
          'least the direct limit plus the pin floor, one that writes '
          'through a vmap at least the limit plus both floors; best of 5 '
          'each, the pin floor in the same turns as the rows above.')


def print_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print('  '.join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def main(before_log, after_log, guest_before_log=None, guest_after_log=None,
         xk_before_log=None, xk_after_log=None):
    before, after = read(before_log), read(after_log)
    if not after:
        sys.exit(f'bench-table: no results in {after_log}')
    notes = []
    uml = kunit_rows(before, after, notes, 'UML')
    rounds = max(v[1].get('rounds', 1) for v in after.values())
    x86 = {}
    if xk_after_log and os.path.exists(xk_after_log):
        xb = read(xk_before_log) if os.path.exists(xk_before_log) else {}
        x86 = kunit_rows(xb, read(xk_after_log), notes, 'x86')
    head = ['scenario', 'calls', '6.1 ms best/med', 'series ms best/med',
            'series/6.1', 'series/6.1 by run', 'limit ms', '6.1/limit',
            'series/limit', 'series/limit by run', 'direct limit ms',
            'series/direct', 'pins 6.1/series', 'peak pinned 6.1/series']
    sides = [('UML', uml)] + ([('x86', x86)] if x86 else [])
    rows = [['platform'] + head]
    for name, r in uml.items():
        calls = r['sizes'].split('calls=')[-1]
        for plat, side in sides:
            x = side.get(name)
            if x is None:
                continue
            rows.append([plat, name, calls, x['before'], x['after'],
                         x['a/b'], x['a/b run'], x['limit'], x['b/l'],
                         x['a/l'], x['a/l run'], x['direct'], x['a/d'],
                         f'{x["bpins"]}/{x["pins"]}',
                         f'{x["bpeak"]}/{x["peak"]}'])
    print_table(rows)
    print('6.1: 6.1.192\'s iova_bitmap.c, renamed, in the same kernel as '
          'the series; limit: the same '
          'bits with __set_bit_le()/memset() on the bitmap pages, pinned and '
          'mapped beforehand, through one vmap of the bitmap; direct limit: '
          'the same through the kernel\'s mapping of each page, as a library '
          'without a vmap writes; times: best and median of 5, series, 6.1 '
          f'and limits in turn, over {rounds} runs; '
          'ratios compare the best of all runs, "by run" the best of '
          'each run: median (lowest-highest) of the runs; '
          'pins: pages pinned by one report; peak: the most held at once, '
          'sampled after each window.')
    if x86:
        boots = next(iter(x86.values()))['rounds']
        print('x86: the same KUnit benchmark, built into the lean x86_64 '
              'guest of P5 (-O2, no debug, GUP-fast) under QEMU TCG, '
              f'{boots} boot{"s" if boots > 1 else ""}, the best of them; '
              'series and 6.1 in turns in the same boot, since emulated '
              'time drifts from one boot to the next.')
    print_floors(sides)

    if guest_after_log is not None:
        head = ('scenario', 'sizes', 'before ms', 'after ms', 'after/before',
                'limit ms', 'after/limit', 'pins before', 'pins after')
        rows = [head]
        gafter, gbefore = (read(p) if os.path.exists(p) else {}
                           for p in (guest_after_log, guest_before_log))
        if not gafter:
            notes.append(f'P5: no results in {guest_after_log}')
        add_rows(rows, notes, gbefore, gafter)
        print()
        print_table(rows)
        print('P5: the DMA_LOGGING_REPORT ioctl on the dmalog sample device, '
              'timed in x86_64 guests under QEMU TCG (emulated, lean config): '
              'absolute times are emulated, ratios count; bits checked one '
              'by one.')
    for n in notes:
        print('note: ' + n)


if __name__ == '__main__':
    main(*sys.argv[1:])
