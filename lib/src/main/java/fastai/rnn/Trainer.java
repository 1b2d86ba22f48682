package fastai.rnn;

import java.util.Locale;
import java.util.Random;

/**
 * The training loop of the char models, written out by hand because it is part of lesson 7:
 * shuffled minibatches of examples, one {@link Step} each. For the from-scratch models the step
 * sums the gradients of every example, divides by the batch size (the gradient of the mean loss),
 * clips and applies them with {@link Sgd}; the DL4J twins plug in their own step
 * ({@link Dl4jCharNets#trainer}), so both are trained, timed and logged by the same loop. Every
 * {@code printEvery} steps it records the mean loss of those steps in the {@link TrainingLog} and
 * prints a line.
 *
 * <p>{@link #fitSteps} can be called repeatedly (to look at samples in between); training
 * carries on where it stopped, across epoch boundaries.
 */
public final class Trainer {
    /** One training step on the examples {@code order[from..to)}; returns their mean loss per character. */
    @FunctionalInterface
    public interface Step {
        double fit(int[] order, int from, int to);
    }

    private final Step step;
    private final CharSequences data;
    private final int batchSize;
    private final Random rng;
    private final TrainingLog log;
    private int printEvery = 100;
    private boolean quiet;

    private int[] order;
    private int position;          // next example in the current epoch's order
    private long stepsDone;
    private double pendingLoss;    // sum of batch losses since the last record
    private int pendingSteps;

    /** Trains a from-scratch model with hand-written backprop and {@code sgd}. */
    public Trainer(SequenceModel model, Sgd sgd, CharSequences data, int batchSize, long seed) {
        this(new TrainingLog(model.name(), model.hiddenSize(), model.parameterCount()), (order, from, to) -> {
            model.zeroGrad();
            double batchLoss = 0;
            for (int k = from; k < to; k++) batchLoss += model.accumulateGradients(data.inputs(order[k]), data.targets(order[k]));
            for (Param p : model.params()) Mat.scaleInPlace(p.grad, 1.0 / (to - from));
            sgd.step(model.params());
            return batchLoss / (to - from);
        }, data, batchSize, seed);
    }

    /** Trains whatever {@code step} updates, logging into {@code log}. */
    public Trainer(TrainingLog log, Step step, CharSequences data, int batchSize, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        this.step = step;
        this.data = data;
        this.batchSize = batchSize;
        this.rng = new Random(seed);
        this.log = log;
    }

    /** Record and print every n steps. */
    public Trainer printEvery(int n) {
        this.printEvery = Math.max(1, n);
        return this;
    }

    /** Record without printing. */
    public Trainer quiet(boolean q) {
        this.quiet = q;
        return this;
    }

    public TrainingLog log() {
        return log;
    }

    public long stepsDone() {
        return stepsDone;
    }

    /** Minibatches in one epoch. */
    public int stepsPerEpoch() {
        return (data.count() + batchSize - 1) / batchSize;
    }

    /** Trains for whole epochs. */
    public TrainingLog fit(int epochs) {
        return fitSteps((long) epochs * stepsPerEpoch());
    }

    /** Trains for {@code steps} minibatches. */
    public TrainingLog fitSteps(long steps) {
        for (long s = 0; s < steps; s++) {
            if (order == null || position >= order.length) {
                order = data.shuffledOrder(rng);
                position = 0;
            }
            int end = Math.min(position + batchSize, order.length);
            int n = end - position;
            long t0 = System.nanoTime();
            double loss = step.fit(order, position, end);
            double secs = (System.nanoTime() - t0) / 1e9;
            position = end;
            stepsDone++;
            log.addWork(secs, (long) n * data.seqLength(), (double) n / data.count());
            pendingLoss += loss;
            pendingSteps++;
            if (pendingSteps == printEvery) flush();
        }
        return log;
    }

    private void flush() {
        double mean = pendingLoss / pendingSteps;
        log.addPoint(log.epochsDone(), mean);
        if (!quiet) {
            System.out.println(String.format(Locale.ROOT, "%-24s step %6d  epoch %5.2f  loss %.4f  %6.0f chars/s",
                    log.model, stepsDone, log.epochsDone(), mean, log.charsPerSecond()));
        }
        pendingLoss = 0;
        pendingSteps = 0;
    }

    /** Mean loss per character of a model on (up to {@code maxExamples}, evenly spread) examples. */
    public static double evaluate(SequenceModel model, CharSequences data, int maxExamples) {
        int[] pick = data.evenlySpaced(maxExamples);
        double total = 0;
        for (int i : pick) total += model.loss(data.inputs(i), data.targets(i));
        return total / pick.length;
    }
}
