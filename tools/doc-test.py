#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The documentation against the code (make doc-test; TAP on stdout).

Both ways:
  - every ioctl of uapi/linux/hvx.h is in Documentation/api/dev-hvx.md;
  - every host call of hyp/include/hvx-hcall.h is a row of the table in
    Documentation/api/host-calls.md, with its number;
  - every guest call of uapi/hvx-guest.h, and every VMware backdoor
    command hyp/ answers, is in Documentation/api/guest-calls.md;
  - every sysfs attribute hvx.ko creates is documented;
  - every tracepoint is in api/dev-hvx.md, every module parameter in the
    documentation;
  - every HVX_* or BDOOR_* name the documentation shows in `code` exists in
    the code, as does every hvx_* name and every /sys/kernel/hvx path's
    parts;
  - Documentation/layout.md names every source file of hyp/ and host/, and
    every file it names exists;
  - README.md stays the short front door (at most 200 lines) and its links
    lead to files that exist.

usage: doc-test.py [REPO]
"""
import fnmatch
import glob
import os
import re
import subprocess
import sys

top = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(os.path.dirname(__file__), '..'))
n = 0
failed = 0


def read(path):
    with open(os.path.join(top, path), encoding='utf-8', errors='replace') as f:
        return f.read()


def tracked(*patterns):
    out = subprocess.run(['git', '-C', top, 'ls-files', '--'] + list(patterns),
                         capture_output=True, text=True, check=False).stdout
    files = out.split()
    if not files:   # not a git checkout: the files as they are
        for p in patterns:
            files += [os.path.relpath(f, top)
                      for f in glob.glob(os.path.join(top, p))]
    return sorted(set(files))


def check(what, missing):
    global n, failed
    n += 1
    if missing:
        failed += 1
        print(f'not ok {n} - {what}')
        for m in sorted(missing)[:40]:
            print(f'#   {m}')
    else:
        print(f'ok {n} - {what}')


docs = {p: read(p) for p in tracked('Documentation/*.md', 'Documentation/**/*.md')}
alldoc = '\n'.join(docs.values()) + read('README.md')
api = read('Documentation/api/dev-hvx.md')
hcall_doc = read('Documentation/api/host-calls.md')
guest_doc = read('Documentation/api/guest-calls.md')
code_files = tracked('host/*.[chS]', 'hyp/*.[chS]', 'hyp/include/*.h',
                     'hyp/include/hyp/*.h', 'uapi/*.h', 'uapi/linux/*.h',
                     'include/hvx/*.h', 'tools/hvxctl/*.[ch]', 'acpi-gen/*.[ch]')
code = '\n'.join(read(f) for f in code_files)
# names the documentation may show: the code's, and the scripts' (their
# environment variables, the programs the Makefiles build)
scripts = tracked('Makefile', '*.mk', '**/*.mk', 'tools/*', 'tools/**/*.sh',
                  'selftests/*.sh', 'selftests/**/*.sh', 'selftests/*.c')
code_words = set(re.findall(r'[A-Za-z_][A-Za-z0-9_]*', code + '\n'.join(
    read(f) for f in scripts if os.path.isfile(os.path.join(top, f)))))
quoted = set(re.findall(r'`([^`\n]+)`', alldoc))


def in_code_quotes(text, name):
    """Is NAME in `code` in TEXT (alone, or as the end of a path)?"""
    return re.search(r'`[^`\n]*\b' + re.escape(name) + r'\b[^`\n]*`', text)


# --- the ABI in the headers -> the documentation ----------------------------
uapi = read('uapi/linux/hvx.h')
ioctls = re.findall(r'^#define\s+(HVX_[A-Z0-9_]+)\s+_IO', uapi, re.M)
check(f'every ioctl ({len(ioctls)}) is in api/dev-hvx.md',
      [i for i in ioctls if not in_code_quotes(api, i)])

hcall = read('hyp/include/hvx-hcall.h')
calls = dict(re.findall(r'^#define\s+(HVX_HC_[A-Z0-9_]+)\s+HVX_HC_ID\((\d+)\)',
                        hcall, re.M))
rows = dict((name, num) for num, name in
            re.findall(r'^\|\s*(\d+)\s*\|\s*`(HVX_HC_[A-Z0-9_]+)`', hcall_doc, re.M))
check(f'every host call ({len(calls)}) is a row of api/host-calls.md, with its number',
      [f'{c} ({num}): row says {rows.get(c)}' for c, num in calls.items()
       if rows.get(c) != num])
check('every host call api/host-calls.md lists exists, with that number',
      [f'{c} ({num})' for c, num in rows.items() if calls.get(c) != num])

guest = read('uapi/hvx-guest.h')
gcalls = re.findall(r'^#define\s+(HVX_GUEST_CALL_[A-Z0-9_]+)\s+HVX_GUEST_CALL\(',
                    guest, re.M)
check(f'every guest call ({len(gcalls)}) is in api/guest-calls.md',
      [g for g in gcalls if not in_code_quotes(guest_doc, g) and
       not in_code_quotes(guest_doc, g[len('HVX_GUEST_CALL_'):])])

vmware = '\n'.join(read(f) for f in code_files if 'vmware' in f)
bdoor = sorted(set(re.findall(r'case\s+(BDOOR_CMD_[A-Z0-9_]+)', vmware)))
check(f'every VMware backdoor command answered ({len(bdoor)}) is in api/guest-calls.md',
      [b for b in bdoor if not in_code_quotes(guest_doc, b) and
       not in_code_quotes(guest_doc, b[len('BDOOR_CMD_'):])])

# sysfs attributes: __ATTR*(name ...) and the module's *_ATTR(name, ...)
host_c = '\n'.join(read(f) for f in code_files if f.startswith('host/'))
attrs = set()
for line in host_c.split('\n'):
    if line.lstrip().startswith('#define') or 'ATTRIBUTE' in line:
        continue
    attrs.update(re.findall(r'\b[A-Z0-9_]*ATTR[A-Z0-9_]*\(\s*([a-z][a-z0-9_]*)', line))
attrs.discard('name') if not re.search(r'__ATTR_RO\(name\)', host_c) else None
sysfs_doc = api + '\n'.join(t for p, t in docs.items() if p != 'Documentation/api/dev-hvx.md')
check(f'every sysfs attribute ({len(attrs)}) is documented (api/dev-hvx.md, or the feature\'s page)',
      [a for a in attrs if not in_code_quotes(sysfs_doc, a)])

events = re.findall(r'TRACE_EVENT\(\s*([a-z0-9_]+)', read('host/trace.h'))
check(f'every tracepoint ({len(events)}) is in api/dev-hvx.md',
      [e for e in events if not in_code_quotes(api, e)])

params = re.findall(r'module_param(?:_cb|_named)?\(\s*([a-z0-9_]+)', host_c)
check(f'every module parameter ({len(params)}) is documented',
      [p for p in params if not in_code_quotes(alldoc, p)])

# --- the documentation -> the code -------------------------------------------
names = set()
for q in quoted:
    names.update(re.findall(r'\b((?:HVX|BDOOR)_[A-Z0-9_]*[A-Z0-9])\b', q))
check(f'every HVX_*/BDOOR_* name in the documentation ({len(names)}) exists',
      [x for x in names if x not in code_words])

hvx_names = set()
for q in quoted:
    if re.fullmatch(r'hvx_[a-z0-9_]+', q):
        hvx_names.add(q)
selftest_words = set(re.findall(r'[A-Za-z_][A-Za-z0-9_.]*', '\n'.join(
    os.path.basename(f) for f in tracked('selftests/*', 'selftests/**'))))
check(f'every hvx_* name in the documentation ({len(hvx_names)}) exists',
      [x for x in hvx_names if x not in code_words and
       not any(w.startswith(x) for w in selftest_words)])

sys_parts = set()
for q in quoted:
    for path in re.findall(r'/sys/kernel/hvx/[A-Za-z0-9_/<>.*-]*', q):
        for part in path[len('/sys/kernel/hvx/'):].split('/'):
            part = re.sub(r'(<[^>]*>|N|\*)$', '', part)
            if part and re.fullmatch(r'[a-z][a-z0-9_]*', part):
                sys_parts.add(part)
check(f'every part of a /sys/kernel/hvx path in the documentation ({len(sys_parts)}) is in hvx.ko',
      [p for p in sys_parts if p not in attrs and
       not re.search(r'"' + re.escape(p) + r'[%"/]', host_c)])

# --- layout ---------------------------------------------------------------------
layout = read('Documentation/layout.md')
sources = tracked('hyp/*.[chS]', 'hyp/include/*.h', 'hyp/include/hyp/*.h',
                  'host/*.[chS]')
section = {}
cur = None
for line in layout.split('\n'):
    m = re.match(r'^## (\S+)', line)
    if m:
        cur = m.group(1).rstrip(':')
        continue
    if cur and line.startswith('    ') and line[4:5] != ' ':
        first = re.split(r'\s{2,}', line.strip())[0]
        for tok in first.split(','):
            section.setdefault(cur, set()).add(tok.strip())
unnamed = []
for f in sources:
    d, b = os.path.split(f)
    if b not in section.get(d + '/', set()):
        unnamed.append(f)
check(f'layout.md names every source file of hyp/ and host/ ({len(sources)})', unnamed)
gone = []
for d, toks in section.items():
    for t in toks:
        if not re.fullmatch(r'[A-Za-z0-9_.*/-]+', t) or t.endswith(':'):
            continue
        base = '' if d in ('The', 'the') or d.startswith('The') else d
        path = os.path.join(top, base, t) if base else os.path.join(top, t)
        if not glob.glob(path.rstrip('/')):
            gone.append(os.path.join(base, t))
check('every file layout.md names exists', gone)

# --- README --------------------------------------------------------------------
readme = read('README.md')
links = re.findall(r'\]\(([^)#]+)', readme)
check(f'README.md is the short front door: {len(readme.splitlines())} lines (at most 200)',
      ['too long'] if len(readme.splitlines()) > 200 else [])
check(f'README.md\'s links ({len(links)}) lead to files',
      [l for l in links if not l.startswith('http') and
       not os.path.exists(os.path.join(top, l))])
doclinks = []
for p, text in docs.items():
    for l in re.findall(r'\]\(([^)#:]+)', text):
        if not os.path.exists(os.path.join(top, os.path.dirname(p), l)):
            doclinks.append(f'{p}: {l}')
check('the links between Documentation/ files lead to files', doclinks)

print(f'1..{n}')
sys.exit(1 if failed else 0)
