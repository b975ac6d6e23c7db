#!/usr/bin/env python3
"""Generate PyTorch golden values for the activation library.

  python make_goldens.py [output dir]

Writes torch-<torch.__version__ with '+' -> '_'>.json next to this script (or
into the given directory).  The activations, their parameter sets, thresholds
and plot ranges come from models/catalog.json (generated from the Java catalog);
the torch formulas are in formulas.py.  Runs under any Python >= 3.7 with numpy
and torch installed (tested with torch 2.13.0+cpu and Debian's torch 1.13).

All floating point data is written as raw IEEE-754 bit patterns:
float32 as "0x%08x", float64 as "0x%016x", flattened in C (row-major) order.
"""
import os

# Must be set before torch is imported: pins the ATen CPU kernel dispatch level.
os.environ.setdefault('ATEN_CPU_CAPABILITY', 'avx2')  # avx512 writes torch-<version>-avx512.json

import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

from formulas import FORMULAS, load_catalog  # noqa: E402

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = 'models/goldens/make_goldens.py'
DTYPES = [('float32', np.float32, torch.float32), ('float64', np.float64, torch.float64)]


def cpu_capability():
    try:
        return str(torch.backends.cpu.get_cpu_capability())
    except Exception:
        pass
    # torch < 2.0 has no API for it; the build config report contains it.
    try:
        m = re.search(r'CPU capability usage:\s*(\S+)', torch.__config__.show())
        if m:
            return m.group(1) + ' (from torch.__config__.show())'
    except Exception:
        pass
    return 'unknown'


# ---------------------------------------------------------------------------
# hex encoding
# ---------------------------------------------------------------------------

def to_hex(t):
    a = t.detach().cpu().contiguous().numpy()
    if a.dtype == np.float32:
        return ['0x%08x' % int(v) for v in a.view(np.uint32).ravel()]
    if a.dtype == np.float64:
        return ['0x%016x' % int(v) for v in a.view(np.uint64).ravel()]
    raise ValueError('unexpected dtype %s' % a.dtype)


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------

def with_neighbours(values, npdt):
    out = []
    for v in values:
        x = npdt(v)
        out.append(np.nextafter(x, npdt(-np.inf)))
        out.append(x)
        out.append(np.nextafter(x, npdt(np.inf)))
    return out


# With both signs, for every activation besides its catalog thresholds: where some libtorch kernel changes branch
# or exp overflows (float32 near 88.7, float64 near 709.7), softplus's default threshold 20, gelu_tanh's 5.25, and
# the README's notable softplus(3).
BRANCH_POINTS = [3.0, 5.25, 20.0, 88.7, 100.0, 709.7]


def special_values(npdt):
    fi = np.finfo(npdt)
    tiny = npdt(fi.tiny)                       # smallest normal
    sub_min = np.nextafter(npdt(0), npdt(1))   # smallest subnormal
    sub_max = np.nextafter(tiny, npdt(0))      # largest subnormal
    vals = [npdt(0.0), npdt(-0.0), npdt(np.nan), npdt(np.inf), npdt(-np.inf),
            sub_min, -sub_min, sub_max, -sub_max, tiny, -tiny,
            npdt(fi.max), -npdt(fi.max), npdt(1.0), npdt(-1.0), npdt(0.5), npdt(-0.5)]
    return vals


def grid(npdt, plot):
    return np.linspace(plot[0], plot[1], 101).astype(npdt)


def log_values(npdt):
    out = []
    for k in range(-40, 41, 4):
        with np.errstate(over='ignore', under='ignore'):
            v = npdt(10.0 ** k)
        if np.isfinite(v) and v != 0:
            out.append(v)
            out.append(-v)
    return out


def random_values(npdt):
    rng = np.random.default_rng(1234)
    return rng.normal(0.0, 3.0, 64).astype(npdt)


def elementwise_input(npdt, thresholds, plot):
    parts = list(special_values(npdt)) + with_neighbours(thresholds, npdt)
    parts += with_neighbours([s * v for v in BRANCH_POINTS for s in (1, -1)], npdt)
    parts += list(grid(npdt, plot)) + log_values(npdt) + list(random_values(npdt))
    arr = np.array(parts, dtype=npdt)
    g = grid(npdt, plot)
    pad = (-len(arr)) % 64
    if pad:
        arr = np.concatenate([arr, np.resize(g, pad)])
    assert len(arr) % 64 == 0
    return arr


def channel_input(npdt, thresholds, plot):
    """[2, 3, L] input; every (batch, channel) row holds the whole elementwise set, rotated."""
    v = elementwise_input(npdt, thresholds, plot)
    rows = []
    for i in range(6):
        rows.append(np.roll(v, 7 * i))
    return np.stack(rows).reshape(2, 3, len(v))


def softmax_input(npdt):
    rng = np.random.default_rng(4321)
    x = rng.normal(0.0, 3.0, (8, 64))
    inf = np.inf
    x[1, 5] = inf
    x[2, 3] = -inf
    x[2, 40] = -inf
    x[3, 17] = np.nan
    x[4, :] = -inf
    big = [1e30, -1e30, 80.0, -80.0, 100.0, -100.0]
    for j in range(64):
        if j % 2 == 0:
            x[5, j] = big[(j // 2) % len(big)]
    x[6, :] = np.resize(np.array([80.0, 100.0, -80.0, -100.0, 1e30, 0.0, -1e30, 1.0]), 64)
    x[7, 0] = inf
    x[7, 9] = inf
    x[7, 20] = -inf
    x[7, 33] = 0.0
    x[7, 34] = -0.0
    return x.astype(npdt)


def softmax2d_input(npdt):
    rng = np.random.default_rng(9876)
    x = rng.normal(0.0, 3.0, (2, 3, 4, 4))
    x[0, 0, 0, 0] = np.inf
    x[0, 1, 1, 1] = -np.inf
    x[1, 2, 2, 2] = np.nan
    x[1, :, 3, 3] = -np.inf
    x[0, :, 2, 3] = [1e30, -1e30, 100.0]
    x[1, :, 0, 1] = [80.0, -80.0, 0.0]
    return x.astype(npdt)


def make_grad_output(shape, npdt, seed):
    rng = np.random.default_rng(seed)
    g = rng.normal(0.0, 1.0, shape).ravel()
    n = g.size
    for i in range(3, n, 29):   # a few exact zeros
        g[i] = 0.0
    g[0] = 0.0
    return g.astype(npdt).reshape(shape)


# ---------------------------------------------------------------------------
# activations: names, parameter sets, thresholds, plot ranges and layouts from
# the catalog (models/catalog.json, generated from the Java catalog); only the
# formulas are written here, as torch.nn.functional computes them
# ---------------------------------------------------------------------------

def weight_sets(act):
    """A learnable tensor's values: the block's initial value shared, then one value per channel (3)."""
    init = act['weight']['init']
    return [[init], [init, -0.5, 2.0]]


def build_cases(act, npdt):
    """Yields (params, input ndarray, weights {name: ndarray}, forward fn)."""
    fn = FORMULAS[act['name']]
    plot = act['plot']
    for ps in act['param_sets']:
        p, thr = ps['values'], ps['thresholds']
        if act['layout'] == 'CHANNEL_WEIGHTED':
            for wv in weight_sets(act):
                yield p, channel_input(npdt, thr, plot), {act['weight']['name']: np.array(wv, dtype=npdt)}, fn
        elif act['layout'] == 'ELEMENTWISE':
            yield p, elementwise_input(npdt, thr, plot), {}, fn
        elif act['halves_dim']:
            v = elementwise_input(npdt, thr, plot)
            if p['dim'] == -1:
                x = v.reshape(4, len(v) // 4)       # [4, 2K]
            else:
                x = v.reshape(8, len(v) // 8)       # [2K', M] along dim 0
            yield p, x, {}, fn
        elif 'dim' in p:
            yield p, softmax_input(npdt), {}, fn
        else:                                       # a fixed dim (softmax2d: the channels of [N, C, H, W])
            yield p, softmax2d_input(npdt), {}, fn


def run_case(name, dname, params, xin, wins, fn, seed):
    x = torch.from_numpy(np.ascontiguousarray(xin).copy()).requires_grad_(True)
    w = {}
    for k, v in wins.items():
        w[k] = torch.from_numpy(np.ascontiguousarray(v).copy()).requires_grad_(True)
    out = fn(x, params, w)
    go_np = make_grad_output(tuple(out.shape), xin.dtype.type, seed)
    go = torch.from_numpy(go_np)
    case = {
        'activation': name,
        'params': params,
        'dtype': dname,
        'shape': list(x.shape),
        'input': to_hex(x),
        'weights': dict((k, {'shape': list(v.shape), 'data': to_hex(v)}) for k, v in w.items()),
        'output': to_hex(out),
        'grad_output': to_hex(go),
    }
    grad_error = None
    try:
        grads = torch.autograd.grad(out, [x] + list(w.values()), grad_outputs=go,
                                    allow_unused=True)
        case['grad_input'] = to_hex(grads[0])
        gw = {}
        for k, g in zip(w.keys(), grads[1:]):
            gw[k] = to_hex(g)
        case['grad_weights'] = gw
    except Exception as e:  # e.g. heaviside has no derivative
        grad_error = '%s: %s' % (type(e).__name__, str(e).strip())
        case['grad_input'] = None
        case['grad_error'] = grad_error
        case['grad_weights'] = {}
    return case, out


def notable(results):
    """Print some notable special values (bits and repr) for the README."""
    def find(name, params, dname):
        for c, out_t, xin in results:
            if c['activation'] == name and c['params'] == params and c['dtype'] == dname:
                return c, out_t, xin
        return None

    probes = [
        ('mish', {}, 1.0),
        ('gelu_tanh', {}, 1.0),
        ('gelu', {}, 1.0),
        ('softplus', {'beta': 2.0, 'threshold': 5.0}, 3.0),
        ('softplus', {'beta': 1.0, 'threshold': 20.0}, 20.0),
        ('gelu', {}, float('inf')),
        ('gelu', {}, float('-inf')),
        ('gelu_tanh', {}, float('inf')),
        ('mish', {}, float('inf')),
        ('silu', {}, float('-inf')),
        ('sigmoid', {}, -100.0),
        ('sigmoid', {}, -88.7),
        ('logsigmoid', {}, -100.0),
        ('relu', {}, -0.0),
        ('relu6', {}, float('nan')),
        ('hardtanh', {'min_val': -1.0, 'max_val': 1.0}, float('nan')),
        ('tanhshrink', {}, float('inf')),
        ('heaviside', {'values': 0.5}, -0.0),
    ]
    lines = []
    for dname, _, _ in DTYPES:
        for name, params, v in probes:
            r = find(name, params, dname)
            if r is None:
                continue
            c, out_t, xin = r
            flat_in = xin.ravel()
            flat_out = out_t.detach().numpy().ravel()
            if np.isnan(v):
                idx = np.nonzero(np.isnan(flat_in))[0]
            else:
                idx = np.nonzero((flat_in == v) & (np.signbit(flat_in) == np.signbit(v)))[0]
            if len(idx) == 0:
                continue
            i = int(idx[0])
            hx = c['output'][i]
            ps = ', '.join('%s=%r' % kv for kv in params.items())
            lines.append('%s %s(%r%s) = %r [%s]' % (
                dname, name, float(v), ('; ' + ps) if ps else '', float(flat_out[i]), hx))
    return lines


def main():
    version = torch.__version__
    cap = cpu_capability()
    doc = {
        'torch_version': version,
        'cpu_capability': cap,
        'generator': GENERATOR,
        'cases': [],
    }
    refused = []
    results = []
    seed = 100
    for act in load_catalog(GENERATOR):
        for dname, npdt, _ in DTYPES:
            for params, xin, wins, fn in build_cases(act, npdt):
                seed += 1
                try:
                    case, out = run_case(act['name'], dname, params, xin, wins, fn, seed)
                except Exception as e:
                    msg = '%s %s %s: %s: %s' % (act['name'], dname, json.dumps(params),
                                                type(e).__name__, str(e).strip())
                    refused.append(msg)
                    print('REFUSED ' + msg, file=sys.stderr)
                    continue
                doc['cases'].append(case)
                results.append((case, out, xin))
                if 'grad_error' in case:
                    print('NO GRAD %s %s %s: %s' % (act['name'], dname, json.dumps(params),
                                                    case['grad_error']))

    fname = 'torch-%s.json' % version.replace('+', '_')
    if os.environ['ATEN_CPU_CAPABILITY'] != 'avx2':
        fname = 'torch-%s-%s.json' % (version.replace('+', '_'), os.environ['ATEN_CPU_CAPABILITY'])
    path = os.path.join(sys.argv[1] if len(sys.argv) > 1 else HERE, fname)
    with open(path, 'w') as f:
        f.write('{\n')
        for k in ('torch_version', 'cpu_capability', 'generator'):
            f.write(' %s: %s,\n' % (json.dumps(k), json.dumps(doc[k])))
        f.write(' "cases": [\n')
        for i, c in enumerate(doc['cases']):
            f.write('  ' + json.dumps(c, allow_nan=False))
            f.write(',\n' if i + 1 < len(doc['cases']) else '\n')
        f.write(' ]\n}\n')

    print('torch %s, cpu capability %s, %d cases -> %s' % (version, cap, len(doc['cases']), path))
    if refused:
        print('refused cases:')
        for r in refused:
            print('  ' + r)
    print('notable values:')
    for line in notable(results):
        print('  ' + line)


if __name__ == '__main__':
    main()
