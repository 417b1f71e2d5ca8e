import type { LintRule, RuleFinding } from '../lint-rule.js';

/**
 * CREATE PUBLICATION … FOR ALL TABLES, and adding TABLES IN SCHEMA (15+), are for superusers only:
 * on a source where replctl's login is not one, that step of the plan fails. Reported only when the
 * plan has to make the change (the live publication does not already have it).
 */
export const publicationRequiresSuperuser: LintRule = {
  id: 'publication-requires-superuser',
  severity: 'error',
  summary:
    'a publication FOR ALL TABLES or TABLES IN SCHEMA needs a superuser, and the source login is not one',
  check({ desired, live }) {
    const login = live.source.login;
    if (login === undefined || login.superuser) return [];
    return Object.entries(desired.source?.publications ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([name, publication]): RuleFinding[] => {
        const current = live.source.publications[name];
        const needs: string[] = [];
        if (publication.allTables === true && current?.allTables !== true) needs.push('FOR ALL TABLES');
        const schemas = Object.keys(publication.schemas ?? {}).filter((s) => !current?.schemas.includes(s));
        if (schemas.length > 0) needs.push(`TABLES IN SCHEMA ${schemas.join(', ')}`);
        if (needs.length === 0) return [];
        return [
          {
            object: name,
            message:
              `Publication ${name} is to publish ${needs.join(' and ')}, which only a superuser may set up, but ` +
              `replctl's source login ${login.name} is not a superuser: that step of the plan fails ` +
              '("must be superuser to create FOR ALL TABLES publication").',
            fix:
              'Run replctl with a superuser on the source, have a superuser create the publication once (replctl ' +
              'then manages it as it is), or list the tables by name instead.',
          },
        ];
      });
  },
};
