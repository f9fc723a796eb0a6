/** @jsxImportSource hono/jsx */
import type { DriftTrendWeek } from '../../services/views.ts';

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 36;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 26;

/**
 * Drift opened and decided per week as an SVG bar chart, drawn on the server: the console sends no
 * scripts and its content security policy allows no inline styles, so colours come from classes in
 * app.css and geometry from SVG attributes. Each bar has a `<title>` (shown on hover), and the same
 * figures follow in a table for screen readers and for copying.
 */
export function DriftTrendChart({ weeks }: { weeks: DriftTrendWeek[] }) {
  const max = Math.max(1, ...weeks.map((week) => Math.max(week.opened, week.approved + week.unauthorized)));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, weeks.length);
  const bar = Math.max(2, Math.floor(slot * 0.36));
  // One decimal is finer than a pixel and keeps the markup short.
  const round = (value: number) => Math.round(value * 10) / 10;
  const y = (value: number) => round(TOP + plotHeight - (value / max) * plotHeight);
  const height = (value: number) => round((value / max) * plotHeight);
  const opened = weeks.reduce((sum, week) => sum + week.opened, 0);
  const decided = weeks.reduce((sum, week) => sum + week.approved + week.unauthorized, 0);
  const label = `Drift per week over ${weeks.length} weeks: ${opened} opened, ${decided} decided`;
  return (
    <figure class="trend">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={label}
        xmlns="http://www.w3.org/2000/svg"
        class="trend-svg"
      >
        <title>{label}</title>
        <line x1={LEFT} y1={TOP + plotHeight} x2={WIDTH - RIGHT} y2={TOP + plotHeight} class="chart-axis" />
        <line x1={LEFT} y1={TOP} x2={WIDTH - RIGHT} y2={TOP} class="chart-grid" />
        <text x={LEFT - 6} y={TOP + 4} text-anchor="end" class="chart-label">
          {max}
        </text>
        <text x={LEFT - 6} y={TOP + plotHeight} text-anchor="end" class="chart-label">
          0
        </text>
        {weeks.map((week, index) => {
          const x = round(LEFT + index * slot + (slot - 2 * bar) / 2);
          const approvedTop = y(week.approved);
          return (
            <g>
              <rect x={x} y={y(week.opened)} width={bar} height={height(week.opened)} class="chart-opened">
                <title>
                  week of {week.weekStart}: {week.opened} opened
                </title>
              </rect>
              <rect
                x={round(x + bar)}
                y={approvedTop}
                width={bar}
                height={height(week.approved)}
                class="chart-approved"
              >
                <title>
                  week of {week.weekStart}: {week.approved} approved
                </title>
              </rect>
              <rect
                x={round(x + bar)}
                y={round(approvedTop - height(week.unauthorized))}
                width={bar}
                height={height(week.unauthorized)}
                class="chart-unauthorized"
              >
                <title>
                  week of {week.weekStart}: {week.unauthorized} unauthorized
                </title>
              </rect>
              {index % 2 === 0 ? (
                <text x={round(x + bar)} y={HEIGHT - 8} text-anchor="middle" class="chart-label">
                  {week.weekStart.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="swatch chart-opened" /> opened <span class="swatch chart-approved" /> approved{' '}
        <span class="swatch chart-unauthorized" /> unauthorized (weeks start on Monday, UTC)
      </figcaption>
      <details>
        <summary>Figures</summary>
        <table>
          <thead>
            <tr>
              <th>Week of</th>
              <th class="num">Opened</th>
              <th class="num">Approved</th>
              <th class="num">Unauthorized</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                <td>{week.weekStart}</td>
                <td class="num">{week.opened}</td>
                <td class="num">{week.approved}</td>
                <td class="num">{week.unauthorized}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
