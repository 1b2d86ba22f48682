package fastai.train;

import java.util.Locale;

/** Loss (mean cross-entropy) and accuracy of a model on a set of labelled images. */
public record EvalResult(double loss, double accuracy, long count) {
    @Override public String toString() {
        return String.format(Locale.ROOT, "loss %.4f, accuracy %.4f on %d images", loss, accuracy, count);
    }
}
