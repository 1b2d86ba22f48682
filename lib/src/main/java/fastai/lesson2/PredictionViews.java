package fastai.lesson2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The five ways the course looks at a two-class model's validation predictions, as lists of image
 * indices (to feed an image grid):
 * <ol>
 *   <li>{@link #correctAtRandom} – a few the model got right, picked at random (seeded);</li>
 *   <li>{@link #incorrectAtRandom} – a few it got wrong, at random;</li>
 *   <li>{@link #mostConfidentCorrect} – right answers for class c, surest first;</li>
 *   <li>{@link #mostConfidentIncorrect} – images it called class c, surest first, that are in fact the other class;</li>
 *   <li>{@link #mostUncertain} – probability nearest 0.5.</li>
 * </ol>
 * {@code probs[i]} is the model's probability that image i is class 1; the predicted class is 1
 * when {@code probs[i] >= 0.5}, else 0. Each view returns at most {@code n} indices (fewer when
 * fewer images qualify); ties keep the images' order.
 */
public final class PredictionViews {
    private final double[] probs;
    private final int[] labels;

    public PredictionViews(double[] probs, int[] labels) {
        LogLoss.checkBinary(probs, labels);
        this.probs = probs.clone();
        this.labels = labels.clone();
    }

    /**
     * From ND4J arrays: P(class 1) per image as [N] or [N, 1], or a model's two-column output [N, 2]
     * (column 1 is used); labels 0/1 as [N] or [N, 1], or one-hot [N, 2].
     */
    public static PredictionViews of(INDArray probs, INDArray labels) {
        return new PredictionViews(LogLoss.classOneProbabilities(probs), LogLoss.binaryLabels(labels));
    }

    public int size() { return probs.length; }

    public double probability(int i) { return probs[i]; }

    public int label(int i) { return labels[i]; }

    /** The class the model picks for image i: 1 if P(class 1) >= 0.5, else 0. */
    public int predicted(int i) { return probs[i] >= 0.5 ? 1 : 0; }

    public boolean isCorrect(int i) { return predicted(i) == labels[i]; }

    /** Fraction of images predicted correctly. */
    public double accuracy() {
        int ok = 0;
        for (int i = 0; i < probs.length; i++) if (isCorrect(i)) ok++;
        return (double) ok / probs.length;
    }

    /** Up to {@code n} correctly predicted images in a random order fixed by {@code seed}. */
    public List<Integer> correctAtRandom(int n, long seed) {
        return randomPick(where(true, -1), n, seed);
    }

    /** Up to {@code n} wrongly predicted images in a random order fixed by {@code seed}. */
    public List<Integer> incorrectAtRandom(int n, long seed) {
        return randomPick(where(false, -1), n, seed);
    }

    /** Up to {@code n} images of class {@code c} predicted as {@code c}, the surest first. */
    public List<Integer> mostConfidentCorrect(int c, int n) {
        checkClass(c);
        return surestFirst(where(true, c), c, n);
    }

    /** Up to {@code n} images predicted as class {@code c} that are really the other class, the surest (most wrong) first. */
    public List<Integer> mostConfidentIncorrect(int c, int n) {
        checkClass(c);
        return surestFirst(where(false, c), c, n);
    }

    /** Up to {@code n} images whose probability is nearest 0.5, nearest first. */
    public List<Integer> mostUncertain(int n) {
        checkN(n);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < probs.length; i++) all.add(i);
        all.sort(Comparator.comparingDouble(i -> Math.abs(probs[i] - 0.5)));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /** A title per index for an image grid: P(class 1) to 3 places, e.g. "0.973". */
    public List<String> titles(List<Integer> indices) {
        List<String> out = new ArrayList<>();
        for (int i : indices) out.add(String.format(Locale.ROOT, "%.3f", probs[i]));
        return out;
    }

    /** Images predicted as {@code predictedClass} (or any class if negative) that are correct / incorrect. */
    private List<Integer> where(boolean correct, int predictedClass) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < probs.length; i++) {
            if (isCorrect(i) == correct && (predictedClass < 0 || predicted(i) == predictedClass)) out.add(i);
        }
        return out;
    }

    private List<Integer> randomPick(List<Integer> pool, int n, long seed) {
        checkN(n);
        List<Integer> copy = new ArrayList<>(pool);
        Collections.shuffle(copy, new Random(seed));
        return List.copyOf(copy.subList(0, Math.min(n, copy.size())));
    }

    /** Sorted by the probability given to class c, highest first (stable). */
    private List<Integer> surestFirst(List<Integer> pool, int c, int n) {
        checkN(n);
        List<Integer> copy = new ArrayList<>(pool);
        copy.sort(Comparator.comparingDouble(i -> -(c == 1 ? probs[i] : 1 - probs[i])));
        return List.copyOf(copy.subList(0, Math.min(n, copy.size())));
    }

    private static void checkClass(int c) {
        if (c != 0 && c != 1) throw new IllegalArgumentException("c = " + c + " must be class 0 or 1");
    }

    private static void checkN(int n) {
        if (n < 0) throw new IllegalArgumentException("n = " + n + " must not be negative");
    }
}
