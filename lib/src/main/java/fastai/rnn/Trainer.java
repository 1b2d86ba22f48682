package fastai.rnn;

import java.util.Locale;
import java.util.Random;

/**
 * The training loop of the from-scratch models: shuffled minibatches of examples; for each, the
 * gradients of every example are summed, divided by the batch size (the gradient of the mean
 * loss), clipped and applied by {@link Sgd}. Every {@code printEvery} steps it records the mean
 * loss of those steps in the {@link TrainingLog} and prints a line.
 *
 * <p>{@link #fitSteps} can be called repeatedly (to look at samples in between); training
 * carries on where it stopped, across epoch boundaries.
 */
public final class Trainer {
    private final SequenceModel model;
    private final Sgd sgd;
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

    public Trainer(SequenceModel model, Sgd sgd, CharSequences data, int batchSize, long seed) {
        this.model = model;
        this.sgd = sgd;
        this.data = data;
        this.batchSize = batchSize;
        this.rng = new Random(seed);
        this.log = new TrainingLog(model.name(), model.hiddenSize(), model.parameterCount());
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
            model.zeroGrad();
            double batchLoss = 0;
            for (int k = position; k < end; k++) {
                int i = order[k];
                batchLoss += model.accumulateGradients(data.inputs(i), data.targets(i));
            }
            for (Param p : model.params()) Mat.scaleInPlace(p.grad, 1.0 / n);
            sgd.step(model.params());
            double secs = (System.nanoTime() - t0) / 1e9;
            position = end;
            stepsDone++;
            log.addWork(secs, (long) n * data.seqLength(), (double) n / data.count());
            pendingLoss += batchLoss / n;
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
