package fastai.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonObject;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import fastai.BatchOptions;
import fastai.Batches;
import fastai.Config;
import fastai.CourseModel;
import fastai.io.CacheFiles;
import fastai.train.History;
import fastai.train.Fit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import fastai.Figures;

/**
 * A small network in the VGG style, standing in for VGG16 where no ImageNet weights can be had:
 * blocks of two 3x3 convolutions (ReLU, same padding) and a 2x2 max-pool, then two dense layers
 * with dropout and a softmax. Input is one 28x28 grayscale channel, scaled to [0,1] minus the
 * training mean. {@link #pretrained()} trains it once on the eight Fashion-MNIST classes the
 * lesson does not use ({@code data/fashion8}) and caches it; then the lesson's
 * {@code finetune}/{@code fit}/{@code test} calls run on it exactly as on {@link Vgg16}.
 */
public final class MiniVgg extends CourseModel {
    public static final int SIDE = 28;
    /** Default filters per conv block (two convs each). */
    public static final int[] FILTERS = {16, 32};
    /**
     * Default units of each of the two dense layers. 512, not 128: what the last layer of a
     * fine-tune sees is fc2's output, and a linear probe (logistic regression on a layer's output,
     * fashion2 train -> valid) showed that 128 units kept too little of what tells a sneaker from an
     * ankle boot: 0.92 at fc1 and fc2 against 0.977 at the last pooling layer. With 512 units fc1
     * keeps 0.961 and fc2 0.946 (same 2 epochs of pretraining; the table is in lesson 1).
     */
    public static final int DENSE = 512;
    /** DL4J's dropOut(p) takes the probability to RETAIN an input: 0.5 here equals Keras' Dropout(0.5). */
    public static final double RETAIN = 0.5;
    /** Fashion-MNIST's mean pixel (0..1 scale), used until a training set's own mean is measured. */
    public static final double FASHION_MEAN = 0.286;
    /** The eight pretraining classes, in folder (alphabetical) order. */
    public static final List<String> FASHION8 = List.of("bag", "coat", "dress", "pullover", "sandal", "shirt", "trouser", "tshirt_top");

    private MiniVgg(ComputationGraph g, List<String> classes, ImagePreprocessor p) {
        super(g, classes, SIDE, SIDE, 1, p);
    }

    @Override public String kind() { return "MiniVgg"; }

    /**
     * The network: {@code filters.length} conv blocks, two dense layers of {@code dense} units,
     * a softmax over {@code numClasses}. Layer names follow Keras' VGG16 (block1_conv1 … fc2, predictions).
     */
    public static ComputationGraph network(int side, int[] filters, int dense, int numClasses, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .activation(Activation.RELU)
                .graphBuilder()
                .addInputs("input");
        String last = "input";
        for (int k = 0; k < filters.length; k++) {
            String blk = "block" + (k + 1);
            b.addLayer(blk + "_conv1", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(filters[k]).build(), last);
            b.addLayer(blk + "_conv2", new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(filters[k]).build(), blk + "_conv1");
            b.addLayer(blk + "_pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                    blk + "_conv2");
            last = blk + "_pool";
        }
        // Dropout sits on the INPUTS of fc2 and the output layer (DL4J applies dropOut to a layer's input),
        // i.e. after fc1 and after fc2, as Keras' VGG16 had Dropout(0.5) after each dense layer.
        b.addLayer("fc1", new DenseLayer.Builder().nOut(dense).build(), last);
        b.addLayer("fc2", new DenseLayer.Builder().nOut(dense).dropOut(RETAIN).build(), "fc1");
        b.addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(numClasses).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).dropOut(RETAIN).build(), "fc2");
        b.setOutputs("predictions").setInputTypes(InputType.convolutional(side, side, 1));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    /** An untrained MiniVgg (default size) over {@code classes}. */
    public static MiniVgg create(List<String> classes) {
        return create(classes, FILTERS, DENSE, Fit.SEED);
    }

    /** An untrained MiniVgg with a chosen size (tests use a tiny one). */
    public static MiniVgg create(List<String> classes, int[] filters, int dense, long seed) {
        return new MiniVgg(network(SIDE, filters, dense, classes.size(), seed), classes, ImagePreprocessor.unitScale(FASHION_MEAN));
    }

    /** Loads a MiniVgg saved with {@link #save}. */
    public static MiniVgg load(Path file) {
        JsonObject meta = checkedMeta(file);
        if (!"MiniVgg".equals(meta.get("kind").getAsString())) {
            throw new IllegalArgumentException(file.toAbsolutePath() + " holds a " + meta.get("kind").getAsString() + ", not a MiniVgg");
        }
        MiniVgg m = new MiniVgg(restoreGraph(file), metaClasses(meta), metaPreprocessing(meta));
        Figures.used("model", file);
        m.readNote(meta);
        return m;
    }

    // ---- pretraining on fashion8 ------------------------------------------------------------

    /** How much pretraining: epochs, images per class (0 = all), batch size, Adam's learning rate. */
    public record Plan(int epochs, int trainPerClass, int validPerClass, int batchSize, double learningRate) {
        /** Quick mode: 900 images per class, one epoch (30 s of training, 48 s in all, measured under a load of about 5 on 2 cores). */
        public static Plan quick() { return new Plan(1, 900, 100, 64, 1e-3); }
        /** Full mode: all ~48,000 training images (600 s for the 512-unit net under a load of 4.1-4.6 on 2 cores; much less idle). */
        public static Plan full() { return new Plan(2, 0, 0, 64, 1e-3); }
        public static Plan forMode() { return Config.quick() ? quick() : full(); }
    }

    /** Where {@link #pretrained()} keeps the model for this mode's {@link Plan}. */
    public static Path cachedFile() {
        return cachedFile(Plan.forMode());
    }

    /**
     * The cache file for {@code plan}: the name carries the mode and a key of the plan and the
     * architecture, so that changing either trains a new base net instead of loading a stale one.
     */
    public static Path cachedFile(Plan plan) {
        String key = plan + " " + SIDE + " " + Arrays.toString(FILTERS) + " " + DENSE;
        String name = String.format(Locale.ROOT, "minivgg-fashion8%s-%08x.zip", Config.quick() ? "-quick" : "", key.hashCode());
        return Config.modelsDir().resolve(name);
    }

    /** The base net pretrained on {@code data/fashion8}: loaded from the cache, or trained once and cached. */
    public static MiniVgg pretrained() {
        Path f = cachedFile();
        return loadOrTrain(f, () -> pretrain(Config.dataDir().resolve("fashion8"), f, Plan.forMode()));   // f is named after this plan
    }

    /**
     * The model cached at {@code cache} when it is exactly what was written ({@link CacheFiles}:
     * size and SHA-256 recorded last); otherwise a message saying why, and {@code train}, which
     * must save it with {@link #saveCache}. A damaged cache is never loaded.
     */
    public static MiniVgg loadOrTrain(Path cache, Supplier<MiniVgg> train) {
        if (Files.exists(cache)) {
            String problem = CacheFiles.problem(cache);
            if (problem != null && !Files.exists(CacheFiles.record(cache)) && zipIntact(cache)) {
                CacheFiles.adopt(cache);       // cached before records were written: every entry passed its CRC
                problem = null;
            }
            if (problem == null) {
                try {
                    return load(cache);
                } catch (RuntimeException e) {
                    problem = e.getMessage();
                }
            }
            System.out.println("cached base net " + cache + " is not usable (" + problem + "); training it again");
            CacheFiles.delete(cache);
        }
        return train.get();
    }

    /** Saves {@code m} as a verified cache file ({@link CacheFiles}). */
    public static Path saveCache(MiniVgg m, Path cache) {
        return CacheFiles.write(cache, tmp -> m.save(tmp));
    }

    /** True when {@code f} is a complete zip holding our metadata and every entry's data matches its CRC. */
    static boolean zipIntact(Path f) {
        try (ZipFile z = new ZipFile(f.toFile())) {   // needs the directory at the end
            if (z.getEntry("objects/" + META_KEY) == null) return false;   // where ModelSerializer.addObjectToFile puts it
            for (var it = z.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                CRC32 crc = new CRC32();
                try (var in = new CheckedInputStream(z.getInputStream(e), crc)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Trains a fresh MiniVgg on the class folders {@code dir/train} (validated on {@code dir/valid}) and saves it to {@code cache}. */
    public static MiniVgg pretrain(Path dir, Path cache, Plan plan) {
        Path train = dir.resolve("train"), valid = dir.resolve("valid");
        if (!Files.isDirectory(train)) {
            throw new IllegalArgumentException("pretraining data not found: " + train.toAbsolutePath()
                    + " (the data setup makes it from Fashion-MNIST)");
        }
        BatchOptions o = BatchOptions.defaults().size(SIDE).channels(1).batchSize(plan.batchSize()).limit(plan.trainPerClass());
        Batches tb = Batches.open(train, o);
        double mean = meanPixel(tb, 5000);
        MiniVgg m = new MiniVgg(network(SIDE, FILTERS, DENSE, tb.numClasses(), Fit.SEED), tb.classes(), ImagePreprocessor.unitScale(mean));
        Batches vb = Files.isDirectory(valid)
                ? Batches.open(valid, o.copy().shuffle(false).limit(plan.validPerClass())) : null;
        System.out.println("Pretraining MiniVgg on " + tb.count() + " images of " + tb.numClasses() + " classes " + tb.classes()
                + " for " + plan.epochs() + " epoch(s)" + (Config.quick() ? " (quick mode)" : ""));
        long t0 = System.nanoTime();
        m.learningRate(plan.learningRate());
        History h = m.fit(tb, vb, plan.epochs());
        double secs = (System.nanoTime() - t0) / 1e9;
        History.Epoch last = h.last();
        m.note(String.format(Locale.ROOT, "MiniVgg pretrained on %s: %d images x %d epoch(s) in %.0f s, validation accuracy %.4f on %d images",
                dir.getFileName(), tb.count(), plan.epochs(), secs, last.valAcc(), vb == null ? 0 : vb.count()));
        System.out.println(m.note());
        saveCache(m, cache);
        return m;
    }

    /** Mean pixel value (0..1) over the first {@code max} images of {@code b}. */
    static double meanPixel(Batches b, int max) {
        b.reset();
        double sum = 0;
        long n = 0, imgs = 0;
        while (b.hasNext() && imgs < max) {
            DataSet ds = b.next();
            sum += ds.getFeatures().sumNumber().doubleValue();
            n += ds.getFeatures().length();
            imgs += ds.numExamples();
        }
        b.reset();
        return n == 0 ? FASHION_MEAN : sum / n / 255.0;
    }

    /** Pretrains (or loads) the cached base net; for a setup script: {@code java fastai.models.MiniVgg}. */
    public static void main(String[] args) {
        MiniVgg m = pretrained();
        System.out.println(m);
        System.out.println(m.note());
        System.out.println("cached at " + cachedFile());
    }
}
