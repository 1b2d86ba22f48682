package fastai;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Small image folders for tests, written with ImageIO. */
public final class Fixtures {
    private Fixtures() { }

    /** A solid-colour RGB PNG. */
    public static Path png(Path file, int width, int height, int r, int g, int b) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int rgb = (r << 16) | (g << 8) | b;
        for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) img.setRGB(x, y, rgb);
        return write(file, img);
    }

    /** A grayscale PNG whose pixel (x, y) is {@code (base + 3x + 5y) mod 256}. */
    public static Path grayPng(Path file, int size, int base) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.getRaster().setSample(x, y, 0, (base + 3 * x + 5 * y) & 255);
        return write(file, img);
    }

    public static Path write(Path file, BufferedImage img) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Class folders under {@code root}: class {@code k} gets {@code perClass} solid images
     * named {@code img1.png … imgN.png}, colour (40k+10, 100, 200-40k).
     */
    public static Path classFolders(Path root, int perClass, int size, String... classes) {
        for (int k = 0; k < classes.length; k++) {
            for (int i = 1; i <= perClass; i++) {
                png(root.resolve(classes[k]).resolve("img" + i + ".png"), size, size, 40 * k + 10, 100, 200 - 40 * k);
            }
        }
        return root;
    }

    /**
     * A tiny two-class problem that a small net can learn: "dark" images have a bright square
     * in the top-left corner, "light" ones in the bottom-right, on random noise.
     */
    public static Path learnable(Path root, int perClass, int size, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        String[] names = {"dark", "light"};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
                    boolean inSquare = k == 0 ? (x < size / 2 && y < size / 2) : (x >= size / 2 && y >= size / 2);
                    img.getRaster().setSample(x, y, 0, (inSquare ? 180 : 20) + rnd.nextInt(60));
                }
                write(root.resolve(names[k]).resolve(i + ".png"), img);
            }
        }
        return root;
    }
}
