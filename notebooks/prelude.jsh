// The JShell prelude of the l2l notebooks: what a Jupyter Java kernel offers and plain jshell lacks.
// display(image) writes the image as a PNG file (to the folder named by the system property l2l.figures,
// default target/notebooks/jshell) and prints its path; display(anything else) prints it.
import java.awt.image.BufferedImage;

int figuresShown = 0;

String display(Object o) {
  if (!(o instanceof BufferedImage image)) {
    System.out.println(o);
    return String.valueOf(o);
  }
  try {
    java.nio.file.Path folder = java.nio.file.Path.of(System.getProperty("l2l.figures", "target/notebooks/jshell"));
    java.nio.file.Files.createDirectories(folder);
    java.nio.file.Path file = folder.resolve(String.format("figure-%d.png", ++figuresShown)).toAbsolutePath();
    javax.imageio.ImageIO.write(image, "png", file.toFile());
    System.out.println("[figure " + figuresShown + ": " + file + "]");
    return file.toString();
  } catch (java.io.IOException e) {
    throw new java.io.UncheckedIOException(e);
  }
}
