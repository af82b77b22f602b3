using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>Saves a plot as PNG and SVG side by side, each written atomically.</summary>
public static class PlotFile
{
    /// <summary>Default size in pixels: wide enough for a legend beside the data.</summary>
    public const int Width = 900;

    /// <summary>Default height in pixels.</summary>
    public const int Height = 560;

    /// <summary>Writes <c>name.png</c> and <c>name.svg</c> into <paramref name="folder"/>; returns the PNG bytes.</summary>
    public static byte[] Save(Plot plot, string folder, string name, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var png = plot.GetImageBytes(width, height, ImageFormat.Png);
        Data.AtomicFile.WriteBytes(Path.Combine(folder, name + ".png"), png);

        // Skia's SVG backend cannot draw dash patterns: it complains on stderr and draws them solid anyway,
        // so the SVG gets solid lines without the noise.
        var dashed = plot.GetPlottables().OfType<IHasLine>().Where(p => p.LineStyle.Pattern.Name != LinePattern.Solid.Name)
            .Select(p => (p.LineStyle, p.LineStyle.Pattern)).ToList();
        dashed.ForEach(d => d.LineStyle.Pattern = LinePattern.Solid);
        var svg = plot.GetSvgXml(width, height);
        dashed.ForEach(d => d.LineStyle.Pattern = d.Pattern);
        Data.AtomicFile.Write(Path.Combine(folder, name + ".svg"), writer => writer.Write(svg));
        return png;
    }
}
