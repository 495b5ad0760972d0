package main

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
)

// Chart geometry, in SVG user units.
const (
	chartWidth, chartHeight = 640, 400
	plotLeft, plotRight     = 70, 620
	plotTop, plotBottom     = 50, 340
)

// series is one line of the chart.
type series struct {
	Label  string
	Color  string
	Dashed bool
	Points [][2]float64 // objects, seconds
}

// writeChart draws the median plan time against the object count, for
// StatusHub, the plugin floor and terraform_data, with and without refresh,
// as an SVG.
func writeChart(path string, sizes []sizeResult) error {
	var lines []series
	for _, v := range []struct {
		variant variant
		color   string
	}{{statusHub, "#1f6feb"}, {pluginFloor, "#bf8700"}, {terraformData, "#6e7781"}} {
		for i, p := range phases {
			if !strings.HasPrefix(p.Name, "plan") {
				continue
			}
			s := series{Label: fmt.Sprintf("%s, terraform %s", v.variant, p.Name), Color: v.color, Dashed: strings.Contains(p.Name, "refresh")}
			for _, size := range sizes {
				s.Points = append(s.Points, [2]float64{float64(size.Objects), size.medianWall(i, v.variant)})
			}
			lines = append(lines, s)
		}
	}
	return os.WriteFile(path, []byte(svgChart(lines)), 0o644)
}

func svgChart(lines []series) string {
	var maxX, maxY float64
	var xs []float64
	for _, s := range lines {
		for _, p := range s.Points {
			maxX, maxY = max(maxX, p[0]), max(maxY, p[1])
			if !slices.Contains(xs, p[0]) {
				xs = append(xs, p[0])
			}
		}
	}
	step := niceStep(maxY / 5)
	maxY = math.Ceil(maxY/step) * step
	x := func(v float64) float64 { return plotLeft + v/maxX*(plotRight-plotLeft) }
	y := func(v float64) float64 { return plotBottom - v/maxY*(plotBottom-plotTop) }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		chartWidth, chartHeight, chartWidth, chartHeight)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", chartWidth, chartHeight)
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="15" font-weight="bold">Plan time against object count (median, wall-clock)</text>`+"\n", plotLeft)
	for v := 0.0; v <= maxY+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d0d7de"/>`+"\n", plotLeft, y(v), plotRight, y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%g s</text>`+"\n", plotLeft-8, y(v)+4, v)
	}
	for _, v := range xs {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%g</text>`+"\n", x(v), plotBottom+18, v)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">objects</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+40)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`+"\n", plotLeft, plotBottom, plotRight, plotBottom)
	for i, s := range lines {
		dash := ""
		if s.Dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		var points []string
		for _, p := range s.Points {
			points = append(points, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`+"\n", x(p[0]), y(p[1]), s.Color)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(points, " "), s.Color, dash)
		ly := float64(plotTop + 4 + 18*i)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n", plotLeft+12, ly, plotLeft+40, ly, s.Color, dash)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f">%s</text>`+"\n", plotLeft+46, ly+4, s.Label)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep rounds a step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	magnitude := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*magnitude >= raw {
			return m * magnitude
		}
	}
	return 10 * magnitude
}
