package fastai.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import fastai.Batches;
import fastai.Config;
import fastai.models.MiniVgg;
import fastai.models.Vgg16;
import fastai.onednn.OneDnn;

/**
 * Lesson 1's speed figures in one run on this machine: ND4J's single-precision GEMM rate,
 * VGG16 forward images/s at 224x224 (random weights), MiniVgg forward and training images/s,
 * each with DL4J's own conv path and with {@link OneDnn}'s helpers. With {@code --finetune}
 * (and the data present) also one fine-tuning epoch on {@code data/fashion2/train}.
 * Not a test: {@code java -cp … fastai.bench.BenchLesson1 [--finetune]}.
 */
public final class BenchLesson1 {
    private BenchLesson1() { }

    public static void main(String[] args) {
        boolean finetune = List.of(args).contains("--finetune");
        System.out.printf(Locale.ROOT, "cores %d, natives with oneDNN: %b%n", Runtime.getRuntime().availableProcessors(), OneDnn.nativesHaveOneDnn());
        System.out.printf(Locale.ROOT, "sgemm 2048: %.1f GFLOPS%n", Bench.gemmRate(2048, 5));

        ComputationGraph mini = MiniVgg.network(MiniVgg.SIDE, MiniVgg.FILTERS, MiniVgg.DENSE, 8, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 64, 8);
        for (int i = 0; i < 64; i++) y.putScalar(i, i % 8, 1f);
        for (boolean helpers : new boolean[] {false, true}) {
            if (helpers) OneDnn.install(mini); else OneDnn.uninstall(mini);
            double fwd = rate(() -> mini.outputSingle(false, x), 64, 3, 15);
            double train = rate(() -> mini.fit(new DataSet(x, y)), 64, 3, 10);
            System.out.printf(Locale.ROOT, "MiniVgg %s: forward %.0f img/s, train %.0f img/s (batch 64)%n",
                    helpers ? "with helpers" : "DL4J default", fwd, train);
        }

        Vgg16 v = Vgg16.create();
        INDArray big = Nd4j.rand(DataType.FLOAT, 4, 3, 224, 224).muli(255);
        for (boolean helpers : new boolean[] {false, true}) {
            if (helpers) OneDnn.install(v.graph()); else OneDnn.uninstall(v.graph());
            double fwd = rate(() -> v.predict(big), 4, 1, 2);
            System.out.printf(Locale.ROOT, "VGG16 %s: forward %.2f img/s at 224x224 (batch 4)%n", helpers ? "with helpers" : "DL4J default", fwd);
        }

        Path f2 = Config.dataDir().resolve("fashion2");
        if (finetune && Files.isDirectory(f2.resolve("train"))) fineTuneEpoch(f2);
    }

    /** Times lesson 1's fine-tune epoch on {@code fashion2}'s train/valid folders and prints it (also {@code ./fastai bench --epochs}). */
    static void fineTuneEpoch(Path fashion2) {
        MiniVgg m = Files.isRegularFile(MiniVgg.cachedFile()) ? MiniVgg.pretrained() : MiniVgg.create(MiniVgg.FASHION8);
        m.quiet(true);
        Batches tr = m.getBatches(fashion2.resolve("train"), 64), va = m.getBatches(fashion2.resolve("valid"), 256, false);
        m.finetune(tr);
        long t0 = System.nanoTime();
        m.fit(tr, va, 1);
        System.out.printf(Locale.ROOT, "lesson 1 fine-tune, 1 epoch on %d images (+ %d validation): %.1f s, %s (load %s)%n",
                tr.count(), va.count(), (System.nanoTime() - t0) / 1e9, m.history().last(), Bench.loadAverage());
    }


    /** Images/s of {@code work} on batches of {@code batch}, after {@code warm} untimed runs. */
    static double rate(Runnable work, int batch, int warm, int reps) {
        for (int i = 0; i < warm; i++) work.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) work.run();
        return (double) batch * reps / ((System.nanoTime() - t0) / 1e9);
    }
}
