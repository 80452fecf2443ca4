#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a program's man page (roff) from its own --help.

The help text is the one source: the man page says what --help says, so
the two cannot drift apart. For a program with subcommands (a "Commands:"
list in its --help, as hvxctl has), each command gets a subsection with
the text of 'PROG help COMMAND'. An --extra file, already in roff, adds
what --help does not say (FILES, SEE ALSO, ...).

The help text's conventions (hvxctl's and hvx-acpigen's):
  - "Usage: ..." first, with continuation lines indented;
  - a line ending in ':' at column 0 heads a section ("Options:");
  - an option line is indented and starts with '-': its description
    follows after two or more spaces, continued on deeper-indented lines;
  - other indented lines are kept as they are (tables, schemas).

usage: man-from-help.py --section N [--extra FILE] [--version V] PROGRAM
"""
import argparse
import os
import re
import subprocess
import sys

OPT_RE = re.compile(r'^(\s+)(-\S.*?)(?:\s{2,}(\S.*))?$')
CMD_RE = re.compile(r'^\s+([a-z][a-z0-9-]*)\s{2,}(\S.*)$')


def esc(text):
    """Escape text for roff: backslashes, and hyphens as \\- (ASCII)."""
    text = text.replace('\\', '\\e').replace('-', '\\-')
    return text


def line(text):
    """A text line that roff must not take as a request."""
    text = esc(text)
    if text.startswith(('.', "'")):
        text = '\\&' + text
    return text


def run_help(prog, args):
    env = dict(os.environ, COLUMNS='80', LC_ALL='C')
    res = subprocess.run([prog] + args, capture_output=True, text=True,
                         env=env, check=False)
    out = res.stdout or res.stderr
    if res.returncode != 0 or not out.strip():
        sys.exit(f'man-from-help: {prog} {" ".join(args)} failed '
                 f'(status {res.returncode})')
    return out.rstrip('\n').split('\n')


def split_help(lines):
    """(usage lines, summary, [(heading or None, [lines])])."""
    usage = []
    i = 0
    while i < len(lines) and (not usage or lines[i].startswith(' ')) \
            and lines[i].strip():
        usage.append(lines[i])
        i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    summary = ''
    if i < len(lines) and not lines[i].startswith(' ') \
            and not lines[i].endswith(':'):
        summary = lines[i].strip()
        i += 1
    sections = [(None, [])]
    for text in lines[i:]:
        if text and not text.startswith(' ') and text.endswith(':') \
                and len(text) < 40:
            sections.append((text[:-1], []))
        elif text and not text.startswith(' ') and ':' in text \
                and text.split(':')[0] in ('JSON', 'Exit status'):
            head, rest = text.split(':', 1)
            sections.append((head, [' ' + rest.strip()] if rest.strip()
                             else []))
        else:
            sections[-1][1].append(text)
    return usage, summary, sections


def emit_body(out, body):
    """Paragraphs, option lists (.TP) and preformatted blocks."""
    i = 0
    para = False
    while i < len(body):
        text = body[i]
        if not text.strip():
            para = False
            i += 1
            continue
        m = OPT_RE.match(text)
        if m and m.group(2).startswith('-'):
            indent = len(m.group(1))
            out.append('.TP')
            out.append('\\fB' + esc(m.group(2).strip()) + '\\fR')
            desc = [m.group(3)] if m.group(3) else []
            i += 1
            while i < len(body) and body[i].strip() and \
                    len(body[i]) - len(body[i].lstrip()) > indent and \
                    not body[i].lstrip().startswith('-'):
                desc.append(body[i].strip())
                i += 1
            out.extend(line(d) for d in desc)
            para = False
            continue
        if text.startswith(' '):
            out.append('.PP' if not para else '.br')
            out.append('.nf')
            while i < len(body) and body[i].startswith(' '):
                out.append(line(body[i]))
                i += 1
            out.append('.fi')
            para = False
            continue
        if not para:
            out.append('.PP')
            para = True
        out.append(line(text))
        i += 1


def commands_of(sections):
    for head, body in sections:
        if head == 'Commands':
            return [m.group(1) for m in map(CMD_RE.match, body) if m]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--section', required=True)
    ap.add_argument('--extra')
    ap.add_argument('--version', default='')
    ap.add_argument('program')
    a = ap.parse_args()

    name = os.path.basename(a.program)
    usage, summary, sections = split_help(run_help(a.program, ['--help']))
    summary = summary.rstrip('.')
    if summary[:1].isupper() and summary[1:2].islower():
        summary = summary[0].lower() + summary[1:]
    out = [f'.TH {name.upper()} {a.section} "" "hvx {a.version}" "hvx"',
           '.SH NAME',
           f'{esc(name)} \\- {line(summary)}',
           '.SH SYNOPSIS', '.nf']
    out += [line(re.sub(r'^(usage|Usage):\s*', '', u)) for u in usage]
    out.append('.fi')
    titles = {None: 'DESCRIPTION', 'Exit status': 'EXIT STATUS'}
    cmds = commands_of(sections)
    for head, body in sections:
        if head is None and not any(b.strip() for b in body):
            continue
        out.append('.SH ' + esc(titles.get(head, head or '').upper()))
        emit_body(out, body)
        if head == 'Commands':
            for cmd in cmds:
                if cmd == 'help':
                    continue
                cu, cs, csec = split_help(run_help(a.program,
                                                   ['help', cmd]))
                out.append(f'.SS "{esc(name)} {esc(cmd)}"')
                out.append('.nf')
                out += [line(re.sub(r'^Usage:\s*', '', u)) for u in cu]
                out.append('.fi')
                out.append('.PP')
                out.append(line(cs))
                for chead, cbody in csec:
                    if chead:
                        out.append('.PP')
                        out.append('\\fI' + esc(chead) + ':\\fR')
                    emit_body(out, cbody)
    if a.extra:
        with open(a.extra, encoding='utf-8') as f:
            out += [x for x in f.read().rstrip('\n').split('\n')
                    if not x.startswith('.\\"')]
    print('\n'.join(out))


if __name__ == '__main__':
    main()
