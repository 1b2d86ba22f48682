package fastai.collab;

import java.util.HashMap;
import java.util.Map;

/**
 * The two predictions anyone could make without a model, to see what the models buy: every rating
 * is the training set's mean, or the movie's mean rating in the training set (the global mean for a
 * movie the training set does not have).
 */
public final class Baselines {
    private Baselines() { }

    /** Mean squared error on {@code valid} of predicting the training mean everywhere. */
    public static double globalMeanMse(Ratings train, Ratings valid) {
        double mu = train.mean(), s = 0;
        for (int i = 0; i < valid.size(); i++) s += sq(valid.rating(i) - mu);
        return s / valid.size();
    }

    /** Mean squared error on {@code valid} of predicting each movie's training mean. */
    public static double movieMeanMse(Ratings train, Ratings valid) {
        Map<Integer, double[]> sums = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            double[] a = sums.computeIfAbsent(train.movie(i), k -> new double[2]);
            a[0] += train.rating(i);
            a[1]++;
        }
        double mu = train.mean(), s = 0;
        for (int i = 0; i < valid.size(); i++) {
            double[] a = sums.get(valid.movie(i));
            double pred = a == null ? mu : a[0] / a[1];
            s += sq(valid.rating(i) - pred);
        }
        return s / valid.size();
    }

    private static double sq(double x) { return x * x; }
}
