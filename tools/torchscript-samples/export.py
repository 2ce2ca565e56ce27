"""Tiny TorchScript exports of torchvision classifiers (random weights), for the static model check's tests.

Needs Debian's PyTorch 1.13 (apt-get install python3-torch python3-torchvision):
    /usr/bin/python3 tools/torchscript-samples/export.py tests/Aegis.ModelSafety.Tests/TestData
"""
import sys
import torch
from torchvision.models.densenet import DenseNet
from torchvision.models.vision_transformer import VisionTransformer

out = sys.argv[1] if len(sys.argv) > 1 else "."
torch.manual_seed(0)


class SmallClassifier(torch.nn.Module):
    """Layers a hand-written classifier uses: batch norm, dropout, a ModuleList, interpolate, softmax."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3)
        self.bn = torch.nn.BatchNorm2d(4)
        self.drop = torch.nn.Dropout(0.2)
        self.blocks = torch.nn.ModuleList([torch.nn.Conv2d(4, 4, 1) for _ in range(2)])
        self.fc = torch.nn.Linear(4, 10)

    def forward(self, x):
        return torch.nn.functional.softmax(self.fc(self.features(x)), dim=1)

    @torch.jit.export
    def features(self, x):
        x = torch.nn.functional.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=False)
        x = torch.relu(self.bn(self.conv(x)))
        for block in self.blocks:
            x = block(x)
        return self.drop(torch.nn.functional.adaptive_avg_pool2d(x, 1).flatten(1))


models = {
    "densenet_tiny": DenseNet(growth_rate=2, block_config=(1, 1), num_init_features=4, bn_size=1, num_classes=10),
    "vit_tiny": VisionTransformer(image_size=8, patch_size=4, num_layers=1, num_heads=2, hidden_dim=4, mlp_dim=4, num_classes=10),
    "small_classifier": SmallClassifier(),
}
for name, model in models.items():
    torch.jit.save(torch.jit.script(model.eval()), f"{out}/{name}.pt")
    print(name)
