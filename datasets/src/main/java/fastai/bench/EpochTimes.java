package fastai.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import fastai.Config;
import fastai.datasets.Mnist;
import fastai.mnist.MnistModels;
import fastai.mnist.MnistTrainer;
import fastai.onednn.OneDnn;

/**
 * {@code ./fastai bench --epochs [mnist,mnistbn,lesson1]}: seconds for one real training epoch of
 * what the notebooks train, on the default data: the mnist notebook's CNN and its batch-norm CNN
 * on all 60,000 digits (batch 64, tested on the 10,000), and lesson 1's fine-tune epoch on
 * fashion2. Run it once per convolution path ({@code -Dfastai.onednn=dnnl|libnd4j|false}) for a
 * before/after figure. It lives beside the data readers because it reads MNIST ({@code lib/} does
 * not depend on {@code datasets/}).
 */
public final class EpochTimes {
    private EpochTimes() { }

    public static void main(String[] args) {
        List<String> parts = args.length > 0 ? List.of(args[0].split(",")) : List.of("mnist", "mnistbn", "lesson1");
        System.out.printf(Locale.ROOT, "convolution path: %s; our layer subclasses (-Dfastai.onednn.layers): %s; JIT: %s; load average %s%n",
                OneDnn.wanted() ? OneDnn.path().name().toLowerCase(Locale.ROOT) : "off (DL4J's Java path)",
                fastai.onednn.FastLayers.wanted() ? "on" : "off",
                Bench.jit(), Bench.loadAverage());
        if (parts.contains("mnist") || parts.contains("mnistbn")) {
            MnistTrainer t = MnistTrainer.of(Mnist.train(), Mnist.test(), 60_000, 10_000).quiet(true);
            if (parts.contains("mnist")) report(t.train("mnist CNN, 1 epoch", MnistModels.cnn(1), 1));
            if (parts.contains("mnistbn")) report(t.train("mnist CNN + batch norm, 1 epoch", MnistModels.cnnBatchNorm(1), 1));
        }
        Path f2 = Config.dataDir().resolve("fashion2");
        if (parts.contains("lesson1") && Files.isDirectory(f2.resolve("train"))) BenchLesson1.fineTuneEpoch(f2);
    }

    private static void report(MnistTrainer.Step s) {
        System.out.printf(Locale.ROOT, "%s: %.1f s/epoch (%.0f img/s), test accuracy %.4f (load %s)%n", s.name(), s.secondsPerEpoch(),
                s.trainImages() / s.secondsPerEpoch(), s.accuracy(), Bench.loadAverage());
    }
}
