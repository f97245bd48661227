export interface InitGeneratorSchema {
  skipPackageJson?: boolean;
  skipInstall?: boolean;
}
