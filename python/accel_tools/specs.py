"""The six benchmark networks of the split-deconvolution paper (Xu et al., "Accelerating
Generative Neural Networks on Unmodified Deep Learning Processors — A Software Approach",
IEEE TC 2020, arXiv:1907.01773) as compact declarative specs (format: accel_tools.netlib).

Batch 1, f32. Every layer records where its shape comes from. Each network has two presets:

  ci     (default) sizes that keep the CI checks fast; identical to `paper` where the paper's
         network is already small. What differs is listed in PRESET_NOTES and docs/Benchmarks.md.
  paper  the original layer shapes (for cost-model / report runs).

Any knob can also be overridden one by one (`--set image=128`).
"""

from typing import Dict, Optional

TF_SAME_K5_S2 = (-1, -2, -1, -2)
"""TensorFlow conv2d_transpose(padding='SAME'), k=5, s=2, output = 2·input: the gradient of a
SAME conv whose total padding 3 is split 1 before / 2 after, so output row = 2·i + k − 1 for
rows in [0, 2n): TOSA out_pad (−1, −2) per axis (= PyTorch padding 1, then drop the last row
and column). PyTorch's padding=2, output_padding=1 gives the same size but out_pad (−2, −1):
the mirror image, shifted by one pixel."""


def _torch_pad(p: int, op: int = 0):
    """TOSA out_pad for PyTorch ConvTranspose2d(padding=p, output_padding=op), both axes."""
    return (-p, -p + op, -p, -p + op)


def _same(k: int):
    return (k // 2,) * 4


RELU = "relu"


def lrelu(alpha: float):
    return ("lrelu", alpha)


# ----------------------------------------------------------------------------------------------


def dcgan(padding: str = "tf-same") -> dict:
    """padding: "tf-same" (the official TF code) or "torch" (PyTorch padding=2,
    output_padding=1; see TF_SAME_K5_S2)."""
    if padding not in ("tf-same", "torch"):
        raise ValueError("dcgan: padding must be 'tf-same' or 'torch', got %r" % padding)
    out_pad = TF_SAME_K5_S2 if padding == "tf-same" else _torch_pad(2, 1)
    pad_note = "TF 'SAME'" if padding == "tf-same" else "PyTorch-style p 2, op 1 (not TF's)"
    src = "official code (issue #5)"
    return dict(
        name="dcgan", seed=1,
        title="DCGAN generator (64×64)",
        source="Radford et al., ICLR 2016; layer list of the split-deconvolution paper's "
               "official TF code as given in issue #5 (FC → 8×8×256, three 5×5 stride-2 "
               "deconvs, TF 'SAME' padding, BN+ReLU, tanh)",
        input=dict(kind="latent", shape=[1, 100], dist="uniform",
                   note="z ~ U(-1, 1)^100 (DCGAN-tensorflow samples z uniformly)"),
        layers=[
            dict(name="fc", op="fc", out=(8, 8, 256), bn="channel", act=RELU,
                 source=src + "; BN per channel after the reshape (TF: reshape, then g_bn0)"),
            dict(name="deconv1", op="deconv", out_ch=128, kernel=5, stride=2, out_pad=out_pad,
                 bn=True, act=RELU, source=src + ", " + pad_note),
            dict(name="deconv2", op="deconv", out_ch=64, kernel=5, stride=2, out_pad=out_pad,
                 bn=True, act=RELU, source=src + ", " + pad_note),
            dict(name="deconv3", op="deconv", out_ch=3, kernel=5, stride=2, out_pad=out_pad,
                 act="tanh", source=src + ", " + pad_note + ", tanh output"),
        ])


def sngan() -> dict:
    src = "Tab. 3(a)"
    code = "Chainer code"
    return dict(
        name="sngan", seed=2,
        title="SNGAN generator, standard CNN (CIFAR-10, 32×32)",
        source="Miyato et al., ICLR 2018, Table 3(a) (CIFAR-10 'standard CNN' generator); BN "
               "placement from the official Chainer code (pfnet-research/sngan_projection, "
               "DCGANGenerator: BatchNormalization(4·4·512) on the dense output)",
        input=dict(kind="latent", shape=[1, 128], dist="normal", note="z ~ N(0, I)^128"),
        layers=[
            dict(name="fc", op="fc", out=(4, 4, 512), bn="feature", act=RELU,
                 source=src + ": dense → M_g×M_g×512, M_g = 4; " + code +
                 ": BN1d over the 8192 features, ReLU, reshape"),
            dict(name="deconv1", op="deconv", out_ch=256, kernel=4, stride=2,
                 out_pad=_torch_pad(1), bn=True, act=RELU,
                 source=src + ": 4×4 stride 2 deconv BN 256 ReLU (pad 1)"),
            dict(name="deconv2", op="deconv", out_ch=128, kernel=4, stride=2,
                 out_pad=_torch_pad(1), bn=True, act=RELU,
                 source=src + ": 4×4 stride 2 deconv BN 128 ReLU"),
            dict(name="deconv3", op="deconv", out_ch=64, kernel=4, stride=2,
                 out_pad=_torch_pad(1), bn=True, act=RELU,
                 source=src + ": 4×4 stride 2 deconv BN 64 ReLU"),
            dict(name="conv", op="conv", out_ch=3, kernel=3, stride=1, pad=_same(3), act="tanh",
                 source=src + ": 3×3 stride 1 conv 3, tanh (" + code + ": a stride-1 3×3 "
                 "deconv = this conv with a flipped kernel)"),
        ])


def fst(image: int = 64, blocks: int = 5) -> dict:
    src = "suppl. Tab. 1"
    norm = ("instance norm replaced by a fixed per-channel affine (BN in eval mode), "
            "folded into the conv")
    layers = [
        dict(name="conv1", op="conv", out_ch=32, kernel=9, stride=1, pad=_same(9), bn=True,
             act=RELU, source=src + ": c9s1-32; IN → affine"),
        dict(name="conv2", op="conv", out_ch=64, kernel=3, stride=2, pad=_same(3), bn=True,
             act=RELU, source=src + ": d64 (3×3 stride 2)"),
        dict(name="conv3", op="conv", out_ch=128, kernel=3, stride=2, pad=_same(3), bn=True,
             act=RELU, source=src + ": d128 (3×3 stride 2)"),
    ]
    prev = "conv3"
    for i in range(1, blocks + 1):
        layers += [
            dict(name="res%d_a" % i, op="conv", inputs=[prev], out_ch=128, kernel=3,
                 pad=_same(3), bn=True, act=RELU,
                 source=src + ": R128, first 3×3 conv, ReLU"),
            dict(name="res%d_b" % i, op="conv", out_ch=128, kernel=3, pad=_same(3), bn=True,
                 source=src + ": R128, second 3×3 conv (no ReLU)"),
            dict(name="res%d" % i, op="add", inputs=[prev, "res%d_b" % i],
                 source=src + ": R128 shortcut (same-padded convs: no crop)"),
        ]
        prev = "res%d" % i
    layers += [
        dict(name="deconv1", op="deconv", inputs=[prev], out_ch=64, kernel=3, stride=2,
             out_pad=_torch_pad(1, 1), bn=True, act=RELU,
             source=src + ": u64; fast-neural-style: SpatialFullConvolution(3,3,2,2,1,1,1,1)"),
        dict(name="deconv2", op="deconv", out_ch=32, kernel=3, stride=2,
             out_pad=_torch_pad(1, 1), bn=True, act=RELU, source=src + ": u32 (as u64)"),
        dict(name="conv4", op="conv", out_ch=3, kernel=9, stride=1, pad=_same(9), act="tanh",
             source=src + ": c9s1-3, tanh (the paper's ×150 scaling omitted)"),
    ]
    return dict(
        name="fst", seed=3,
        title="Fast style transfer, image transformation network (%d×%d)" % (image, image),
        source="Johnson et al., ECCV 2016, supplementary Table 1 and jcjohnson/fast-neural-style; "
               "zero 'same' padding everywhere (instead of the paper's 40-px reflection pad + "
               "unpadded residual convs); %s" % norm,
        input=dict(kind="image", shape=[1, image, image, 3], dist="uniform",
                   note="image in [-1, 1], NHWC"),
        layers=layers)


def artgan(width: float = 1.0, classes: int = 10, zdim: int = 100) -> dict:
    c = lambda n: max(1, int(round(n * width)))  # noqa: E731
    src = "G = zNet + Dec"
    impl = "aliciafmachado/artgan-implementation nn/Generator.py"
    return dict(
        name="artgan", seed=4,
        title="ArtGAN generator (64×64, %d-class conditional)" % classes,
        source="Tan et al., ICIP 2017 (ArtGAN, arXiv:1702.03410), generator = zNet + Dec; "
               "layer shapes as in the public PyTorch re-implementations (" + impl +
               ", Amogh-Bhagwat/ArtGAN-Pytorch). The official cs-chan/ArtGAN code is the later "
               "T-IP 2019 'Improved ArtGAN' (nearest-neighbour upsampling + conv), not modelled",
        input=dict(kind="latent", shape=[1, zdim + classes], dist="uniform", one_hot=classes,
                   note="z ~ U(-1, 1)^%d ⊕ one-hot label (%d WikiArt genres)" % (zdim, classes)),
        layers=[
            dict(name="znet", op="fc", out=(1, 1, c(1024)), act=RELU,
                 source=src + ": zNet, z ⊕ ŷ → 1024-d code (Linear + ReLU)"),
            dict(name="deconv1", op="deconv", out_ch=c(1024), kernel=4, stride=1,
                 out_pad=_torch_pad(0), bn=True, act=RELU,
                 source=src + ": Dec 4×4 s1 p0 (1×1 → 4×4), BN, ReLU"),
            dict(name="deconv2", op="deconv", out_ch=c(512), kernel=4, stride=2,
                 out_pad=_torch_pad(1), bn=True, act=RELU,
                 source=src + ": Dec 4×4 s2 p1, BN, ReLU"),
            dict(name="deconv3", op="deconv", out_ch=c(256), kernel=4, stride=2,
                 out_pad=_torch_pad(1), bn=True, act=RELU, source=src + ": Dec, as deconv2"),
            dict(name="deconv4", op="deconv", out_ch=c(128), kernel=4, stride=2,
                 out_pad=_torch_pad(1), bn=True, act=RELU, source=src + ": Dec, as deconv2"),
            dict(name="deconv5", op="deconv", out_ch=c(128), kernel=3, stride=1,
                 out_pad=_torch_pad(1), bn=True, act=RELU,
                 source=src + ": Dec 3×3 s1 p1 deconv, BN, ReLU"),
            dict(name="deconv6", op="deconv", out_ch=3, kernel=4, stride=2,
                 out_pad=_torch_pad(1), act="sigmoid",
                 source=src + ": Dec 4×4 s2 p1 → 64×64×3, sigmoid"),
        ])


def gpgan(bottleneck: int = 4000, nef: int = 64, ngf: int = 64) -> dict:
    src = "Wu et al., arXiv:1703.07195 (GP-GAN; ACM MM 2019), Blending GAN G"
    code = "wuhuikai/GP-GAN model.py EncoderDecoder (nef = ngf = 64, nBottleneck = 4000, 64×64)"
    enc = "code: DCGAN_D.encode"
    dec = "code: DCGAN_G"
    lr = lrelu(0.2)   # chainer F.leaky_relu default slope
    layers = [
        dict(name="enc1", op="conv", out_ch=nef, kernel=4, stride=2, pad=(1, 1, 1, 1),
             bias=False, act=lr, source=enc + ": 4×4 s2 p1, no bias, LeakyReLU(0.2), no BN"),
        dict(name="enc2", op="conv", out_ch=2 * nef, kernel=4, stride=2, pad=(1, 1, 1, 1),
             bias=False, bn=True, act=lr, source=enc + ": 4×4 s2 p1, BN, LeakyReLU(0.2)"),
        dict(name="enc3", op="conv", out_ch=4 * nef, kernel=4, stride=2, pad=(1, 1, 1, 1),
             bias=False, bn=True, act=lr, source=enc + ": as enc2"),
        dict(name="enc4", op="conv", out_ch=8 * nef, kernel=4, stride=2, pad=(1, 1, 1, 1),
             bias=False, bn=True, act=lr, source=enc + ": as enc2 (4×4 feature map)"),
        dict(name="bottleneck", op="conv", out_ch=bottleneck, kernel=4, stride=1,
             pad=(0, 0, 0, 0), bias=False, bn=True, act=lr,
             source=enc + ": 4×4 valid conv → 1×1×nBottleneck; EncoderDecoder.bn, leaky_relu"),
        dict(name="dec1", op="deconv", out_ch=8 * ngf, kernel=4, stride=1,
             out_pad=_torch_pad(0), bias=False, bn=True, act=RELU,
             source=dec + ": 4×4 s1 p0 deconv 1×1 → 4×4, BN, ReLU"),
        dict(name="dec2", op="deconv", out_ch=4 * ngf, kernel=4, stride=2,
             out_pad=_torch_pad(1), bias=False, bn=True, act=RELU,
             source=dec + ": 4×4 s2 p1, BN, ReLU"),
        dict(name="dec3", op="deconv", out_ch=2 * ngf, kernel=4, stride=2,
             out_pad=_torch_pad(1), bias=False, bn=True, act=RELU, source=dec + ": as dec2"),
        dict(name="dec4", op="deconv", out_ch=ngf, kernel=4, stride=2,
             out_pad=_torch_pad(1), bias=False, bn=True, act=RELU, source=dec + ": as dec2"),
        dict(name="dec5", op="deconv", out_ch=3, kernel=4, stride=2, out_pad=_torch_pad(1),
             bias=False, act="tanh", source=dec + ": 4×4 s2 p1 → 64×64×3, tanh"),
    ]
    return dict(
        name="gpgan", seed=5,
        title="GP-GAN Blending GAN encoder-decoder (64×64, bottleneck %d)" % bottleneck,
        source=src + "; shapes from the official Chainer code (" + code + ")",
        input=dict(kind="image", shape=[1, 64, 64, 3], dist="uniform",
                   note="copy-and-paste composite in [-1, 1], NHWC"),
        layers=layers)


def mde(height: int = 384, width_px: int = 768, ch: float = 1.0) -> dict:
    """DispNet (Mayer et al., CVPR 2016, Table 1) with a single RGB image input: the
    encoder-decoder with 4×4 stride-2 up-convolutions and skip concatenations that monocular
    depth networks (e.g. Godard et al. 2017, Zhou et al. 2017) adopt."""
    if height % 64 or width_px % 64:
        raise ValueError("mde: input height/width must be multiples of 64 (six stride-2 levels)")
    c = lambda n: max(1, int(round(n * ch)))  # noqa: E731
    src = "Tab. 1"
    lr = lrelu(0.1)
    act_note = "leaky ReLU 0.1"
    L = []

    def conv(name, inp, oc, k, s, act=lr, note=""):
        L.append(dict(name=name, op="conv", inputs=[inp], out_ch=oc, kernel=k, stride=s,
                      pad=_same(k), act=act, source=src + ": %s %d×%d s%d%s" % (name, k, k, s,
                                                                              note)))
    conv("conv1", "input", c(64), 7, 2, note="; 3 input channels (one image, not a stereo pair)")
    conv("conv2", "conv1", c(128), 5, 2)
    conv("conv3a", "conv2", c(256), 5, 2)
    conv("conv3b", "conv3a", c(256), 3, 1)
    conv("conv4a", "conv3b", c(512), 3, 2)
    conv("conv4b", "conv4a", c(512), 3, 1)
    conv("conv5a", "conv4b", c(512), 3, 2)
    conv("conv5b", "conv5a", c(512), 3, 1)
    conv("conv6a", "conv5b", c(1024), 3, 2)
    conv("conv6b", "conv6a", c(1024), 3, 1)
    conv("pr6", "conv6b", 1, 3, 1, act=None, note=" (disparity prediction, linear)")
    prev, prev_pr = "conv6b", "pr6"
    skips = {5: ("conv5b", 512), 4: ("conv4b", 256), 3: ("conv3b", 128), 2: ("conv2", 64),
             1: ("conv1", 32)}
    for lvl in (5, 4, 3, 2, 1):
        skip, oc = skips[lvl]
        L.append(dict(name="upconv%d" % lvl, op="deconv", inputs=[prev], out_ch=c(oc), kernel=4,
                      stride=2, out_pad=_torch_pad(1), act=lr,
                      source=src + ": upconv%d 4×4 s2 (pad 1), %s" % (lvl, act_note)))
        L.append(dict(name="up_pr%d" % (lvl + 1), op="deconv", inputs=[prev_pr], out_ch=1,
                      kernel=4, stride=2, out_pad=_torch_pad(1),
                      source=src + ": pr%d upsampled by a 4×4 s2 1→1 deconv (Caffe model)"
                      % (lvl + 1)))
        L.append(dict(name="cat%d" % lvl, op="concat",
                      inputs=["upconv%d" % lvl, "up_pr%d" % (lvl + 1), skip],
                      source=src + ": iconv%d input = upconv%d + pr%d + %s (skip)"
                      % (lvl, lvl, lvl + 1, skip)))
        conv("iconv%d" % lvl, "cat%d" % lvl, c(oc), 3, 1)
        conv("pr%d" % lvl, "iconv%d" % lvl, 1, 3, 1, act=None,
             note=" (disparity prediction, linear)" + ("; network output (half input "
                                                       "resolution)" if lvl == 1 else ""))
        prev, prev_pr = "iconv%d" % lvl, "pr%d" % lvl
    return dict(
        name="mde", seed=6,
        title="Monocular depth estimation: DispNet encoder-decoder, %d×%d input%s"
              % (height, width_px, "" if ch == 1.0 else ", channels ×%g" % ch),
        source="Mayer et al., CVPR 2016 (DispNet), Table 1: the full DispNet (pr6…pr1 "
               "predictions, 4×4 stride-2 upconvs, skip concats) with a monocular 3-channel "
               "input; leaky ReLU 0.1 after every conv/upconv except the predictions, as in the "
               "FlowNet/DispNet Caffe models (and FlowNetPytorch)",
        input=dict(kind="image", shape=[1, height, width_px, 3], dist="uniform",
                   note="RGB image in [-1, 1], NHWC"),
        layers=L)


BUILDERS = {"dcgan": dcgan, "sngan": sngan, "fst": fst, "artgan": artgan, "gpgan": gpgan,
            "mde": mde}
NAMES = list(BUILDERS)

PRESETS: Dict[str, Dict[str, dict]] = {
    "dcgan": {"ci": {}, "paper": {}},
    "sngan": {"ci": {}, "paper": {}},
    "fst": {"ci": {"image": 64}, "paper": {"image": 256}},
    "artgan": {"ci": {"width": 0.5}, "paper": {"width": 1.0}},
    "gpgan": {"ci": {"bottleneck": 500}, "paper": {"bottleneck": 4000}},
    "mde": {"ci": {"height": 64, "width_px": 128, "ch": 0.5},
            "paper": {"height": 384, "width_px": 768, "ch": 1.0}},
}

PRESET_NOTES = {
    "dcgan": "ci = paper",
    "sngan": "ci = paper",
    "fst": "ci: 64×64 input (paper: trained and run on 256×256); every layer type, kernel, "
           "stride and channel count unchanged",
    "artgan": "ci: all channel counts halved (1024 → 512 …); kernels, strides, paddings and "
              "spatial sizes unchanged",
    "gpgan": "ci: bottleneck 500 instead of 4000 (the two 4×4×512×4000 layers are 2/3 of the "
             "65 M weights); everything else unchanged",
    "mde": "ci: 64×128 input and channel counts halved (paper: 384×768, full widths)",
}


def _coerce(v: str):
    for f in (int, float):
        try:
            return f(v)
        except ValueError:
            pass
    return v


def get(name: str, preset: str = "ci", overrides: Optional[Dict[str, str]] = None) -> dict:
    """The raw (un-normalised) spec of network `name` under `preset` plus `overrides`."""
    if name not in BUILDERS:
        raise KeyError("unknown network %r (known: %s)" % (name, ", ".join(NAMES)))
    if preset not in PRESETS[name]:
        raise KeyError("unknown preset %r (known: ci, paper)" % preset)
    kw = dict(PRESETS[name][preset])
    for k, v in (overrides or {}).items():
        kw[k] = _coerce(v) if isinstance(v, str) else v
    spec = BUILDERS[name](**kw)
    spec["preset"] = preset + ("+" + ",".join("%s=%s" % kv for kv in sorted(overrides.items()))
                               if overrides else "")
    spec["knobs"] = kw
    return spec
