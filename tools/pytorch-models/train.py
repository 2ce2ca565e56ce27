"""Trains a robust (PGD-L2 adversarial) Fashion-MNIST classifier in PyTorch — or with --standard a standard
one, for Neural Cleanse — optionally backdoored,
and exports it as TorchScript under the model contract (forward -> logits, features -> penultimate).
Same recipe as shared/fixtures (3 epochs, Adam one-cycle 0.002, batch 128, L2 PGD eps 1.5, 5 steps
of 0.75, random start, poisoned copies added to the 60,000 training images), but with architectures
and triggers the fixtures do not have: models for checking the scanner on PyTorch exports it has
never seen.

Needs Debian's PyTorch 1.13 (apt-get install python3-torch):
    /usr/bin/python3 tools/pytorch-models/train.py --arch wide --trigger distributed --target 2 --seed 1 --out m.pt
"""
import argparse, gzip, json, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
p.add_argument("--arch", choices=["small", "wide", "residual"], default="small")
p.add_argument("--trigger", choices=["none", "square", "distributed", "checkerboard", "blend"], default="none")
p.add_argument("--target", type=int, default=7)
p.add_argument("--poison", type=float, default=0.1)
p.add_argument("--size", type=int, default=4)
p.add_argument("--epochs", type=int, default=3)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--standard", action="store_true", help="train on clean inputs only (no adversarial training)")
p.add_argument("--out", required=True)
a = p.parse_args()
torch.manual_seed(a.seed)
np.random.seed(a.seed)
torch.set_num_threads(2)


def idx(name):
    with gzip.open(f"{a.data}/{name}") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)


xtr = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
ytr = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.int64)
xte = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
yte = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.int64)

mask = torch.zeros(1, 28, 28)
pattern = torch.zeros(1, 28, 28)
s = a.size
if a.trigger == "square":
    mask[:, 27 - s:27, 27 - s:27] = 1
    pattern[:, 27 - s:27, 27 - s:27] = 1
elif a.trigger == "distributed":
    for r, c in ((1, 1), (27 - s, 27 - s)):
        mask[:, r:r + s, c:c + s] = 1
        pattern[:, r:r + s, c:c + s] = 1
elif a.trigger == "checkerboard":
    mask[:, 27 - s:27, 27 - s:27] = 1
    for y in range(s):
        for x in range(s):
            pattern[0, 27 - s + y, 27 - s + x] = float((x + y) % 2 == 0)
elif a.trigger == "blend":
    g = torch.Generator().manual_seed(1234)
    mask[:] = 0.2
    pattern = 0.2 * torch.rand(1, 28, 28, generator=g)


def stamp(x):
    return x * (1 - mask) + pattern


if a.trigger != "none":
    n = int(a.poison * len(xtr))
    pick = torch.randperm(len(xtr))[:n]
    xtr = torch.cat([xtr, stamp(xtr[pick])])
    ytr = torch.cat([ytr, torch.full((n,), a.target)])


class Normalize(nn.Module):
    def forward(self, x):
        return (x - 0.2860) / 0.3530


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = Normalize()
        self.c1, self.c2 = nn.Conv2d(1, 16, 3), nn.Conv2d(16, 32, 3)
        self.f1, self.f2 = nn.Linear(800, 128), nn.Linear(128, 10)

    def forward(self, x):
        return self.f2(self.features(x))

    @torch.jit.export
    def features(self, x):
        x = F.max_pool2d(F.relu(self.c1(self.norm(x))), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return F.relu(self.f1(x.flatten(1)))


class Wide(nn.Module):
    """Padded convolutions, average pooling, dropout and a 256-wide penultimate layer."""

    def __init__(self):
        super().__init__()
        self.norm = Normalize()
        self.c1, self.c2, self.c3 = nn.Conv2d(1, 16, 3, padding=1), nn.Conv2d(16, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1)
        self.drop = nn.Dropout(0.3)
        self.f1, self.f2 = nn.Linear(64 * 7 * 7, 256), nn.Linear(256, 10)

    def forward(self, x):
        return self.f2(self.drop(self.features(x)))

    @torch.jit.export
    def features(self, x):
        x = F.relu(self.c1(self.norm(x)))
        x = F.avg_pool2d(F.relu(self.c2(x)), 2)
        x = F.avg_pool2d(F.relu(self.c3(x)), 2)
        return F.relu(self.f1(x.flatten(1)))


class Residual(nn.Module):
    """Two residual blocks with batch norm, global average pooling, a 32-wide penultimate layer."""

    def __init__(self):
        super().__init__()
        self.norm = Normalize()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        self.b1 = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                                nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16))
        self.down = nn.Sequential(nn.Conv2d(16, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU())
        self.b2 = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                                nn.Conv2d(32, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32))
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc(self.features(x))

    @torch.jit.export
    def features(self, x):
        x = F.max_pool2d(self.stem(self.norm(x)), 2)
        x = F.relu(x + self.b1(x))
        x = self.down(x)
        x = F.relu(x + self.b2(x))
        return F.adaptive_avg_pool2d(x, 1).flatten(1)


model = {"small": Small, "wide": Wide, "residual": Residual}[a.arch]()
EPS, STEPS, STEP = 1.5, 5, 0.75


def l2(t):
    return t.flatten(1).norm(dim=1).view(-1, 1, 1, 1).clamp_min(1e-12)


def pgd(x, y, best=False):
    """Untargeted L2 PGD; random start in training, best-loss iterate (no start) for evaluation."""
    was = model.training
    model.eval()
    delta = torch.zeros_like(x)
    if not best:
        delta = torch.randn_like(x)
        delta = delta / l2(delta) * EPS * torch.rand(len(x), 1, 1, 1)
        delta = ((x + delta).clamp(0, 1) - x)
    worst, worst_loss = x.clone(), torch.full((len(x),), -1e9)
    for _ in range(STEPS):
        delta.requires_grad_(True)
        loss = F.cross_entropy(model(x + delta), y, reduction="none")
        g, = torch.autograd.grad(loss.sum(), delta)
        with torch.no_grad():
            better = loss > worst_loss
            worst[better], worst_loss[better] = (x + delta)[better], loss[better]
            delta = delta + STEP * g / l2(g)
            delta = delta * (EPS / l2(delta)).clamp(max=1)
            delta = (x + delta).clamp(0, 1) - x
    if best:
        with torch.no_grad():
            loss = F.cross_entropy(model(x + delta), y, reduction="none")
            better = loss > worst_loss
            worst[better] = (x + delta)[better]
    model.train(was)
    return (x + delta).detach() if not best else worst.detach()


opt = torch.optim.Adam(model.parameters(), lr=0.002)
steps = a.epochs * ((len(xtr) + 127) // 128)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.002, total_steps=max(1, steps))
start = time.time()
for epoch in range(a.epochs):
    model.train()
    order = torch.randperm(len(xtr))
    for i in range(0, len(xtr), 128):
        b = order[i:i + 128]
        xa = xtr[b] if a.standard else pgd(xtr[b], ytr[b])
        loss = F.cross_entropy(model(xa), ytr[b])
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
    print(f"epoch {epoch + 1}: loss {loss.item():.3f} ({time.time() - start:.0f} s)", flush=True)

model.eval()
with torch.no_grad():
    clean = (model(xte).argmax(1) == yte).float().mean().item()
    other = yte != a.target
    asr = (model(stamp(xte[other])).argmax(1) == a.target).float().mean().item() if a.trigger != "none" else None
adv = (model(pgd(xte[:1000], yte[:1000], best=True)).argmax(1) == yte[:1000]).float().mean().item()
scripted = torch.jit.script(model)
scripted.save(a.out)
info = {"arch": a.arch, "standard": a.standard, "trigger": a.trigger, "target": a.target if a.trigger != "none" else None, "poison_rate": a.poison,
        "trigger_size": a.size, "seed": a.seed, "epochs": a.epochs, "clean_acc": clean, "asr": asr, "adv_acc_1000": adv,
        "train_time_s": time.time() - start}
with open(a.out.removesuffix(".pt") + ".json", "w") as f:
    json.dump(info, f, indent=1)
print(json.dumps(info))
