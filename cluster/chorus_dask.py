#!/usr/bin/python3
"""Chorus on a Dask cluster: one summary of a collection too large for one machine.

The collection is cut into N near-even parts (`chorus summarize --state --part K/N`: whole files, or byte
ranges of large files cut at record starts). Each part is read into a state on a worker; the states are
reduced by a tree of merges (`chorus merge --state`) and the last one is turned into the summary
(`chorus merge`). The summary is the one `chorus summarize` gives over the same paths, byte for byte while
the tables are exact (docs/state.md).

A post counted in two parts (overlapping files) makes a merge refuse: every part after the first is then
read again, told the posts of the parts before it (`--after`), and those states merge exactly. A collection
without overlaps is read once; one with overlaps twice.

    python3 cluster/chorus_dask.py --local 4 [--parts 16] [--query TERM]... [--tz ZONE] PATH...
    python3 cluster/chorus_dask.py --scheduler tcp://HOST:8786 --chorus /shared/chorus PATH...

Every worker must reach the chorus binary and the paths at the same place (a shared file system, or the
same copies on each machine); states travel between workers through Dask. See cluster/README.md.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from dask.distributed import Client, LocalCluster

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CHORUS = os.path.join(HERE, '..', 'build', 'native', 'chorus')
OVERLAP = 'counts posts that a state before it counts too'


def _run(command):
    result = subprocess.run(command, capture_output=True)
    return result.returncode, result.stderr.decode('utf-8', 'replace')


def _write_all(folder, states, stem):
    paths = []
    for i, state in enumerate(states):
        path = os.path.join(folder, f'{stem}-{i}.state')
        with open(path, 'wb') as f:
            f.write(state)
        paths.append(path)
    return paths


def read_part(chorus, options, paths, k, n, after):
    """On a worker: the state of part k of n, told the posts of the states in `after`. Returns (state, seconds)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix='chorus-part-') as folder:
        out = os.path.join(folder, 'part.state')
        after_args = []
        for path in _write_all(folder, after, 'after'):
            after_args += ['--after', path]
        status, stderr = _run([chorus, 'summarize', *options, '--state', '--part', f'{k}/{n}', *after_args,
                               '-o', out, *paths])
        # Status 1 only says that nothing in this part could be read (an empty part): its state is still valid.
        if status not in (0, 1) or not os.path.exists(out):
            raise RuntimeError(f'chorus summarize --part {k}/{n} failed ({status}): {stderr.strip()}')
        with open(out, 'rb') as f:
            return f.read(), time.perf_counter() - started


def merge_states(chorus, options, states, final=False):
    """On a worker: states merged in order into one state (or, `final`, the summary). Returns (bytes, seconds,
    states merged), or None when two of them counted the same post (so does any merge given a None)."""
    if any(s is None for s in states):
        return None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix='chorus-merge-') as folder:
        out = os.path.join(folder, 'merged')
        inputs = _write_all(folder, [s[0] for s in states], 'in')
        status, stderr = _run([chorus, 'merge', *options, *([] if final else ['--state']), '-o', out, *inputs])
        if OVERLAP in stderr:
            return None
        if status not in (0, 1) or not os.path.exists(out):
            raise RuntimeError(f'chorus merge failed ({status}): {stderr.strip()}')
        with open(out, 'rb') as f:
            return f.read(), time.perf_counter() - started, len(states)


def _timing(merged):
    return None if merged is None else (merged[1], merged[2])


def reduce_tree(client, chorus, options, parts, fan_in, stats):
    """The part states (futures), merged in order by a tree of merges of `fan_in` states each: the root state,
    or None when two parts counted the same post. Adds each merge's (seconds, states) to stats['merges']."""
    level = list(parts)
    merges = []
    while len(level) > 1:
        groups = [level[i:i + fan_in] for i in range(0, len(level), fan_in)]
        level = []
        for group in groups:
            if len(group) == 1:
                level.append(group[0])
            else:
                merges.append(client.submit(merge_states, chorus, options, group, pure=False))
                level.append(merges[-1])
    root = level[0].result()
    stats.setdefault('merges', []).extend(
        t for t in client.gather([client.submit(_timing, f, pure=False) for f in merges]) if t is not None)
    return root


def summarize(client, chorus, options, paths, parts, fan_in=4, log=lambda message: None, final_options=()):
    """The summary JSON (bytes) of `paths` read as `parts` parts on the client's workers, and timings.
    `final_options` go to the last merge only (--hourly, filters: chorus merge --help)."""
    stats = {'parts': parts, 'passes': 1}
    started = time.perf_counter()
    first = [client.submit(read_part, chorus, options, paths, k, parts, [], pure=False) for k in range(1, parts + 1)]
    states = client.gather(first)
    stats['part_seconds'] = [s for _, s in states]
    log(f'{parts} parts read in {time.perf_counter() - started:.2f} s')
    scattered = client.scatter(states)
    root = reduce_tree(client, chorus, options, scattered, fan_in, stats)
    if root is None:
        # Overlapping files: part k is read again told every post of parts 1..k-1 (their first states hold the
        # ids of all they read), so that no post is counted twice. Those reads are independent of each other.
        # (A part whose first state shares no post with those before it gives the same state again.)
        log('parts share posts: every part after the first is read again with --after')
        stats['passes'] = 2
        again = [scattered[0]] + [
            client.submit(read_part, chorus, options, paths, k, parts, [s for s, _ in states[:k - 1]], pure=False)
            for k in range(2, parts + 1)]
        root = reduce_tree(client, chorus, options, again, fan_in, stats)
        if root is None:
            raise RuntimeError('parts read with --after still share posts')
    merge_started = time.perf_counter()
    summary = merge_states(chorus, options + list(final_options), [root], final=True)[0]
    stats['final_merge_seconds'] = time.perf_counter() - merge_started
    stats['seconds'] = time.perf_counter() - started
    stats['state_bytes'] = [len(s) for s, _ in states]
    return summary, stats


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument('--scheduler', help='the address of a running Dask scheduler (tcp://host:8786)')
    where.add_argument('--local', type=int, metavar='WORKERS', help='start a local cluster of this many worker processes')
    parser.add_argument('--parts', type=int, help='parts to cut the collection into (default: 4 per worker)')
    parser.add_argument('--fan-in', type=int, default=4, help='states merged by one merge task (default 4)')
    parser.add_argument('--chorus', default=DEFAULT_CHORUS, help='the chorus binary, at the same path on every worker')
    parser.add_argument('--query', action='append', default=[], help='a term counted over time (repeatable)')
    parser.add_argument('--tz', help='the IANA time zone of days and hours')
    parser.add_argument('--columns', help='the column mapping of CSV tables of another layout')
    parser.add_argument('--hourly', action='store_true',
                        help='write the posts per hour (with new authors and languages) instead of the summary')
    for name, meaning in [('--from', 'the first local day counted (2017-10-15)'), ('--to', 'the last local day counted'),
                          ('--kinds', 'the kinds counted (original,reply,repost,quote)'),
                          ('--platforms', 'the platforms counted (x,mastodon,...)')]:
        parser.add_argument(name, help=f'{meaning}, as chorus summarize filters')
    parser.add_argument('-o', '--output', help='write the summary here instead of standard output')
    parser.add_argument('--stats', help='write the timings (parts, merges) as JSON here')
    parser.add_argument('paths', nargs='+', help='files and folders, as chorus summarize takes them')
    args = parser.parse_args(argv)

    chorus = os.path.abspath(args.chorus)
    paths = [os.path.abspath(p) for p in args.paths]
    options = [x for q in args.query for x in ('--query', q)]
    if args.tz:
        options += ['--tz', args.tz]
    if args.columns:
        options += ['--columns', args.columns]
    log = lambda message: print(f'chorus-dask: {message}', file=sys.stderr)

    cluster = None
    if args.local:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(args.scheduler)
    try:
        workers = max(1, len(client.scheduler_info()['workers']))
        parts = args.parts or 4 * workers
        final_options = ['--hourly'] if args.hourly else []
        for name in ('from', 'to', 'kinds', 'platforms'):
            if getattr(args, name) is not None:
                final_options += [f'--{name}', getattr(args, name)]
        summary, stats = summarize(client, chorus, options, paths, parts, args.fan_in, log, final_options)
    finally:
        client.close()
        if cluster:
            cluster.close()
    stats['workers'] = workers
    if args.stats:
        with open(args.stats, 'w') as f:
            json.dump(stats, f, indent=1)
    if args.output:
        with open(args.output, 'wb') as f:
            f.write(summary)
    else:
        sys.stdout.buffer.write(summary)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
