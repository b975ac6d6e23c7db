"""Each catalog activation as PyTorch computes it: the independent reference that make_goldens.py and
cross_version.py compare the Java oracle and kernels with. The activations themselves come from
models/catalog.json (generated from the Java catalog); an activation in neither PyTorch nor torch.nn.functional
is its spec's own expression of torch ops.

Import after setting ATEN_CPU_CAPABILITY: this imports torch.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

CATALOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'catalog.json')


def flexible_relu(x, p, w):
    b = w['bias']
    if b.numel() == 1:
        return torch.relu(x) + b
    return torch.relu(x) + b.view(1, b.numel(), *([1] * (x.dim() - 2)))


# (x, parameter values by name, learnable tensors by name) -> output
FORMULAS = {
    'relu': lambda x, p, w: F.relu(x),
    'relu6': lambda x, p, w: F.relu6(x),
    'leaky_relu': lambda x, p, w: F.leaky_relu(x, p['negative_slope']),
    'prelu': lambda x, p, w: F.prelu(x, w['weight']),
    'rrelu': lambda x, p, w: F.rrelu(x, p['lower'], p['upper'], training=False),
    'elu': lambda x, p, w: F.elu(x, p['alpha']),
    'selu': lambda x, p, w: F.selu(x),
    'celu': lambda x, p, w: F.celu(x, p['alpha']),
    'gelu': lambda x, p, w: F.gelu(x),
    'gelu_tanh': lambda x, p, w: F.gelu(x, approximate='tanh'),
    'silu': lambda x, p, w: F.silu(x),
    'mish': lambda x, p, w: F.mish(x),
    'softplus': lambda x, p, w: F.softplus(x, p['beta'], p['threshold']),
    'softsign': lambda x, p, w: F.softsign(x),
    'sigmoid': lambda x, p, w: torch.sigmoid(x),
    'logsigmoid': lambda x, p, w: F.logsigmoid(x),
    'tanh': lambda x, p, w: torch.tanh(x),
    'tanhshrink': lambda x, p, w: F.tanhshrink(x),
    'hardtanh': lambda x, p, w: F.hardtanh(x, p['min_val'], p['max_val']),
    'hardsigmoid': lambda x, p, w: F.hardsigmoid(x),
    'hardswish': lambda x, p, w: F.hardswish(x),
    'hardshrink': lambda x, p, w: F.hardshrink(x, p['lambd']),
    'softshrink': lambda x, p, w: F.softshrink(x, p['lambd']),
    'threshold': lambda x, p, w: F.threshold(x, p['threshold'], p['value']),
    'heaviside': lambda x, p, w: torch.heaviside(x, torch.tensor(p['values'], dtype=x.dtype)),
    'identity': lambda x, p, w: torch.nn.Identity()(x),
    'glu': lambda x, p, w: F.glu(x, int(p['dim'])),
    'softmax': lambda x, p, w: F.softmax(x, dim=int(p['dim'])),
    'log_softmax': lambda x, p, w: F.log_softmax(x, dim=int(p['dim'])),
    'softmin': lambda x, p, w: F.softmin(x, dim=int(p['dim'])),
    'softmax2d': lambda x, p, w: torch.nn.Softmax2d()(x),
    'flexible_relu': flexible_relu,
}


def spec_expression(expr):
    """An activation that is in neither PyTorch nor F.*: the spec's own expression of torch ops, the definition."""
    return lambda x, p, w: eval(expr.format(**p), {'torch': torch}, dict(w, x=x))


def formula_problems(missing, stale):
    problems = []
    if missing:
        problems.append('no formula for catalog activation(s) ' + ', '.join(missing))
    if stale:
        problems.append('formula(s) for ' + ', '.join(stale) + ' not in the catalog')
    return '; '.join(problems)


def load_catalog(script, path=CATALOG):
    """The catalog's activations; exits naming any that FORMULAS lacks (or that the catalog no longer has)."""
    with open(path) as f:
        activations = json.load(f)['activations']
    names = [a['name'] for a in activations]
    for a in activations:
        if a['name'] not in FORMULAS and a['torch'].startswith('none:'):
            FORMULAS[a['name']] = spec_expression(a['torch_expression'])
    missing = [n for n in names if n not in FORMULAS]
    stale = sorted(set(FORMULAS) - set(names))
    if missing or stale:
        sys.exit('%s: %s (%s)' % (script, formula_problems(missing, stale), path))
    return activations
