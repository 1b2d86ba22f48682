package fastai.text;

/** One movie review: its text and its sentiment (1 positive, 0 negative). */
public record Review(String text, int label) {
    public Review {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a review needs a text");
        if (label != 0 && label != 1) throw new IllegalArgumentException("a review's label is 0 or 1, not " + label);
    }

    @Override public String toString() {
        String t = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return (label == 1 ? "positive: " : "negative: ") + t;
    }
}
