package fastai.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import fastai.Batches;
import fastai.Config;
import fastai.datasets.Mnist;
import fastai.mnist.MnistModels;
import fastai.mnist.MnistTrainer;
import fastai.models.MiniVgg;
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
        System.out.printf(Locale.ROOT, "convolution path: %s; load average %s%n",
                OneDnn.wanted() ? OneDnn.path().name().toLowerCase(Locale.ROOT) : "off (DL4J's Java path)", Bench.loadAverage());
        if (parts.contains("mnist") || parts.contains("mnistbn")) {
            MnistTrainer t = MnistTrainer.of(Mnist.train(), Mnist.test(), 60_000, 10_000).quiet(true);
            if (parts.contains("mnist")) report(t.train("mnist CNN, 1 epoch", MnistModels.cnn(1), 1));
            if (parts.contains("mnistbn")) report(t.train("mnist CNN + batch norm, 1 epoch", MnistModels.cnnBatchNorm(1), 1));
        }
        Path f2 = Config.dataDir().resolve("fashion2");
        if (parts.contains("lesson1") && Files.isDirectory(f2.resolve("train"))) {
            MiniVgg m = Files.isRegularFile(MiniVgg.cachedFile()) ? MiniVgg.pretrained() : MiniVgg.create(MiniVgg.FASHION8);
            m.quiet(true);
            Batches tr = m.getBatches(f2.resolve("train"), 64), va = m.getBatches(f2.resolve("valid"), 256, false);
            m.finetune(tr);
            long t0 = System.nanoTime();
            m.fit(tr, va, 1);
            System.out.printf(Locale.ROOT, "lesson 1 fine-tune, 1 epoch on %d images (+ %d validation): %.1f s, %s (load %s)%n",
                    tr.count(), va.count(), (System.nanoTime() - t0) / 1e9, m.history().last(), Bench.loadAverage());
        }
    }

    private static void report(MnistTrainer.Step s) {
        System.out.printf(Locale.ROOT, "%s: %.1f s/epoch (%.0f img/s), test accuracy %.4f (load %s)%n", s.name(), s.secondsPerEpoch(),
                s.trainImages() / s.secondsPerEpoch(), s.accuracy(), Bench.loadAverage());
    }
}
