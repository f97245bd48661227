import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { workspaceRoot } from '../../testing/reference-inputs';
import { copyIntoTree } from './tree-files';

/**
 * The weather desk: three agents whose soft edge (ForecastEngine → AlertDispatcher) points back along a hard
 * chain (AlertDispatcher needs ForecastEngine, which needs WeatherIngest). One schema file per agent.
 */
export const WEATHER_SCHEMAS = ['weather-ingest', 'forecast-engine', 'alert-dispatcher'].map(
  (name) => `schemas/weather/${name}.yaml`,
);

/** Copies the weather desk's schema files into the Tree under schemas/weather/. */
export function writeWeatherSchemas(tree: Tree): void {
  const source = join(workspaceRoot(), 'packages/l9/src/generators/testing/weather');
  for (const path of WEATHER_SCHEMAS) copyIntoTree(tree, source, [path.slice('schemas/weather/'.length)]);
  for (const path of WEATHER_SCHEMAS) {
    const name = path.slice('schemas/weather/'.length);
    tree.rename(name, path);
  }
}
