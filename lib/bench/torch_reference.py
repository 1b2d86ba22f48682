#!/usr/bin/python3
"""PyTorch CPU reference for `./fastai bench` (fastai.bench.Bench).

The same nets as the Java side, on in-memory random data. Run as a line server so the Java
bench can interleave DL4J and PyTorch runs (A/B/A/B) in one session:

    /usr/bin/python3 lib/bench/torch_reference.py --serve [--threads 2]

Each input line is `NAME BATCHES BATCH_SIZE` (NAME: gemm, mnist, mnistbn, cnn150, minivgg, vgg16);
the answer is one line `OK NAME images_per_second` (for gemm: `OK gemm GFLOPS`, BATCHES =
repetitions, BATCH_SIZE = matrix side) or `ERR message`. `params NAME` answers `OK NAME count`, the net's
parameter count. `timed NAME SECONDS BATCH_SIZE` runs whole steps
for at least SECONDS instead (what the bench uses). `quit` ends it. The first call of a
name builds the net and warms it up (not timed). Standalone: `--once NAME BATCHES BS`; per-op profile of a training step:
`--profile NAME [STEPS]` (the counterpart of `./fastai bench --ops NAME`).
"""
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def mnist_cnn():
    # The course's MNIST CNN (lesson 3 notebook): 2x(conv32) pool 2x(conv64) pool, dense 512, dense 10.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 512), nn.ReLU(), nn.Linear(512, 10))


def mnist_bn():
    # The same with batch normalisation (lesson 3's get_model_bn; fastai.bench.Nets.mnistBn).
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.BatchNorm2d(32), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.BatchNorm2d(32), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.BatchNorm2d(64), nn.Conv2d(64, 64, 3), nn.ReLU(),
        nn.MaxPool2d(2), nn.BatchNorm2d(64), nn.Flatten(), nn.Linear(64 * 4 * 4, 512), nn.ReLU(),
        nn.BatchNorm1d(512), nn.Linear(512, 10))


def cnn150():
    # The article's small CNN: 3x(conv3x3 + relu + maxpool 2) with 32, 32, 64 filters; dense 64; dropout; 1 sigmoid.
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 17 * 17, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 1))


def minivgg():
    # fastai.models.MiniVgg as the bench builds it: 2 blocks of 2 same-padded 3x3 convs (16, 32) + pool, fc 512,
    # fc 512 (MiniVgg.DENSE), 8 classes; dropout 0.5 on the inputs of fc2 and of the last layer, as DL4J applies it.
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, 512), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(512, 8))


def vgg16():
    try:
        import torchvision
        return torchvision.models.vgg16(weights=None)
    except Exception:  # torchvision not installed: the same architecture by hand
        layers, c = [], 3
        for v in [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']:
            if v == 'M':
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
                c = v
        return nn.Sequential(*layers, nn.Flatten(),
                             nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
                             nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, 1000))


NETS = {
    # name: (builder, input shape without batch, classes (1 = sigmoid), train?)
    'mnist': (mnist_cnn, (1, 28, 28), 10, True),
    'mnistbn': (mnist_bn, (1, 28, 28), 10, True),
    'cnn150': (cnn150, (3, 150, 150), 1, True),
    'minivgg': (minivgg, (1, 28, 28), 8, True),
    'vgg16': (vgg16, (3, 224, 224), 1000, False),
}
_cache = {}


def gemm(reps, n):
    a, b = torch.rand(n, n), torch.rand(n, n)
    torch.mm(a, b)
    t0 = time.perf_counter()
    for _ in range(reps):
        torch.mm(a, b)
    return 2.0 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9


def run(name, batches, bs):
    if name == 'gemm':
        return gemm(batches, bs)
    build, shape, classes, train = NETS[name]
    key = (name, bs)
    if key not in _cache:
        torch.manual_seed(0)
        net = build()
        x = torch.rand(bs, *shape)
        if classes == 1:
            y = (torch.rand(bs, 1) > 0.5).float()
        else:
            y = torch.randint(0, classes, (bs,))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        _cache[key] = (net, x, y, opt)
        t0, n = time.perf_counter(), 0   # warm-up, as the Java side: at least 6 s and 2 steps
        while n < 2 or time.perf_counter() - t0 < 6:
            step(name, net, x, y, opt, train)
            n += 1
    net, x, y, opt = _cache[key]
    t0 = time.perf_counter()
    for _ in range(batches):
        step(name, net, x, y, opt, train)
    return bs * batches / (time.perf_counter() - t0)


def run_for(name, seconds, bs):
    """Images per second over whole steps that fill at least `seconds` (and at least two steps)."""
    if name == 'gemm':
        return gemm(max(2, int(seconds * 4)), bs)
    run(name, 1, bs)   # builds and warms up the net on first use
    net, x, y, opt = _cache[(name, bs)]
    train = NETS[name][3]
    t0, n = time.perf_counter(), 0
    while n < 2 or time.perf_counter() - t0 < seconds:
        step(name, net, x, y, opt, train)
        n += 1
    return bs * n / (time.perf_counter() - t0)


def step(name, net, x, y, opt, train):
    if not train:
        net.eval()
        with torch.no_grad():
            net(x)
        return
    net.train()
    opt.zero_grad()
    out = net(x)
    loss = F.binary_cross_entropy_with_logits(out, y) if out.shape[1] == 1 else F.cross_entropy(out, y)
    loss.backward()
    opt.step()


def blas_info():
    m = re.search(r'BLAS_INFO=([^,\s]+)', torch.__config__.show())
    return 'blas ' + (m.group(1) if m else 'unknown')


def main(argv):
    threads = 2
    if '--threads' in argv:
        threads = int(argv[argv.index('--threads') + 1])
    torch.set_num_threads(threads)
    if '--profile' in argv:   # per-op times of NAME's training step, beside ./fastai bench --ops NAME
        i = argv.index('--profile')
        name = argv[i + 1]
        steps = int(argv[i + 2]) if len(argv) > i + 2 else 20
        bs = {'cnn150': 32, 'vgg16': 2}.get(name, 64)
        run(name, 1, bs)   # build and warm up
        net, x, y, opt = _cache[(name, bs)]
        with torch.autograd.profiler.profile() as prof:
            for _ in range(steps):
                step(name, net, x, y, opt, NETS[name][3])
        print(f'PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {name}, {steps} steps of batch {bs}:')
        print(prof.key_averages().table(sort_by='self_cpu_time_total', row_limit=25))
        return
    if '--once' in argv:
        i = argv.index('--once')
        name, batches, bs = argv[i + 1], int(argv[i + 2]), int(argv[i + 3])
        print(f'OK {name} {run(name, batches, bs):.4f}', flush=True)
        return
    print(f'READY torch {torch.__version__} threads {torch.get_num_threads()} '
          f'{blas_info()}', flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == 'quit':
            break
        try:
            if parts[0] == 'params':   # params NAME: the net's parameter count, for the Java side to check it built the same net
                print(f'OK {parts[1]} {sum(p.numel() for p in NETS[parts[1]][0]().parameters())}', flush=True)
                continue
            if parts[0] == 'timed':   # timed NAME SECONDS BATCH_SIZE: whole steps for at least SECONDS
                print(f'OK {parts[1]} {run_for(parts[1], float(parts[2]), int(parts[3])):.4f}', flush=True)
                continue
            print(f'OK {parts[0]} {run(parts[0], int(parts[1]), int(parts[2])):.4f}', flush=True)
        except Exception as e:  # report, keep serving
            print('ERR ' + str(e).replace('\n', ' '), flush=True)


if __name__ == '__main__':
    main(sys.argv[1:])
