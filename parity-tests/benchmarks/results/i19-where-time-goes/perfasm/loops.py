"""Finds the hottest-looking loops in HotSpot PrintAssembly output (C2 sections only): every backward
conditional jump closes a loop; prints the biggest loops' instruction counts by category, per store."""
import re, sys, collections
text = open(sys.argv[1]).read()
sections = re.split(r'=+ (C[12])-compiled nmethod =+', text)
ins_re = re.compile(r'^\s*(0x[0-9a-f]+):\s+(?:;.*?\n\s*0x[0-9a-f]+:\s+)?([a-z][a-z0-9]*)\s*(.*?)(?:;.*)?$', re.M)
def cat(m, ops):
    mem = '(' in ops
    if m.startswith('vdiv'): return 'div'
    if m in ('vcmpps','vcmppd','vfpclassps','vblendmps','vblendmpd','vpblendmd','vpblendmq','vpternlogd','vpternlogq') or m.startswith('k'):
        return 'select/mask'
    if m.startswith('vmov') or m.startswith('vbroadcast'):
        if '%rsp' in ops: return 'spill/reload'
        if '(%r12,' in ops: return 'boxed-constant load'
        if m.startswith('vbroadcast') or '%rip' in ops: return 'constant load'
        if mem: return 'load/store'
        return 'reg move'
    if m.startswith('vfm') or m.startswith('vfnm') or m in ('vmulps','vaddps','vsubps','vandps','vandnps','vxorps','vorps','vmaxps','vminps'):
        return 'fp arith' + (' (mem operand)' if mem else '')
    if m.startswith('vcvt') or m.startswith('vp'):
        return 'int/convert' + (' (mem operand)' if mem else '')
    if m.startswith('v'): return 'other vector'
    return 'scalar/loop'
for i in range(1, len(sections), 2):
    if sections[i] != 'C2': continue
    body = sections[i+1]
    name = re.search(r"Compiled method \(c2\).*?(\S+::\S+)", body)
    ins = [(int(a,16), m, o) for a, m, o in ins_re.findall(body)]
    loops = []
    for idx, (a, m, o) in enumerate(ins):
        if m.startswith('j') and m != 'jmp':
            t = re.match(r'\s*(0x[0-9a-f]+)', o)
            if t and int(t.group(1),16) < a:
                start = int(t.group(1),16)
                loop = [x for x in ins if start <= x[0] <= a]
                loops.append(loop)
    # innermost loops that do vector work: no other candidate loop nested strictly inside
    cand = [l for l in loops if sum(1 for _, m, _o in l if m.startswith('v')) >= 10]
    inner = [l for l in cand if not any(o is not l and l[0][0] <= o[0][0] and o[-1][0] <= l[-1][0] for o in cand)]
    seen = set()
    for loop in inner:
        if (loop[0][0], loop[-1][0]) in seen: continue
        seen.add((loop[0][0], loop[-1][0]))
        c = collections.Counter(cat(m, o) for _, m, o in loop)
        stores = sum(1 for _, m, o in loop if m.startswith('vmov') and re.search(r',\s*-?(0x[0-9a-f]+)?\(', o) and '%rsp' not in o)
        print(f"{name.group(1) if name else '?'}: loop of {len(loop)} instructions, {stores} vector stores (unroll); " +
              ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1])))
