package fastai.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import fastai.io.DataException;

/**
 * Makes a folder shaped like Kaggle's dogs-vs-cats {@code train/} download (every image in one
 * flat folder, the class in the name: {@code CLASS.N.jpg}) out of a folder of class folders, so
 * that {@link KaggleDogsCats} can organize data we have with the call a learner runs on the real
 * download. {@code fashion2/train/sneaker/sneaker.45.png} becomes {@code sneaker.45.jpg}.
 */
public final class FlatKaggleFolder {
    private FlatKaggleFolder() { }

    /**
     * Writes at most {@code perClass} images of each class folder of {@code classFolders} (all
     * when 0; the first in name order) as JPEG files into {@code target}, unless it is complete
     * already. Returns the class names (the sub-folder names, sorted).
     */
    public static List<String> make(Path classFolders, Path target, int perClass) {
        if (perClass < 0) throw new IllegalArgumentException("perClass must be >= 0 (0 = all), got " + perClass);
        if (!Files.isDirectory(classFolders)) throw new IllegalArgumentException("not a folder: " + classFolders.toAbsolutePath());
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> s = Files.list(classFolders)) {
            s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(classes::add);
        } catch (IOException e) {
            throw new DataException("cannot list " + classFolders + ": " + e, e);
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("expected at least 2 class sub-folders in " + classFolders.toAbsolutePath()
                    + ", found " + classes.size());
        }
        AtomicFolder.make(target, target.getFileName().toString(), tmp -> {
            try (Progress progress = new Progress("flat Kaggle-style folder " + target.getFileName(), 0, "images")) {
                for (Path c : classes) {
                    String cls = c.getFileName().toString();
                    List<Path> files;
                    try (Stream<Path> s = Files.list(c)) {
                        files = s.filter(Files::isRegularFile).sorted().toList();
                    }
                    int n = 0;
                    for (Path f : files) {
                        if (perClass > 0 && n >= perClass) break;
                        BufferedImage img = ImageIO.read(f.toFile());
                        if (img == null) continue;   // not an image
                        String name = f.getFileName().toString();
                        String number = name.replaceAll("^.*?(\\d+)\\.[^.]+$", "$1");
                        if (!number.matches("\\d+")) number = Integer.toString(n);
                        writeJpeg(img, tmp.resolve(cls + "." + number + ".jpg"));
                        n++;
                        progress.step();
                    }
                }
            }
        });
        return classes.stream().map(p -> p.getFileName().toString()).toList();
    }

    private static void writeJpeg(BufferedImage img, Path file) throws IOException {
        BufferedImage rgbOrGray = img.getType() == BufferedImage.TYPE_BYTE_GRAY || img.getType() == BufferedImage.TYPE_INT_RGB ? img
                : convert(img);
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(rgbOrGray, null, null), p);
        } finally {
            w.dispose();
        }
    }

    private static BufferedImage convert(BufferedImage img) {
        BufferedImage c = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        c.getGraphics().drawImage(img, 0, 0, null);
        return c;
    }

}
