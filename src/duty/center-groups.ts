import type { CaseLocation, CaseRecord } from '../cases/types';
import type { CenterScope } from '../cases/store';
import { configuredGroupsOf } from '../centers/decide';
import { provinceOfLocation } from '../centers/routing';
import { thailand, type Geography } from '../geo';
import type { CenterStore } from '../centers/store';
import type { Center } from '../centers/types';
import { minutesToMs, type Config } from '../config/env';
import type { EscalationSettings } from './escalation';
import type { GroupRegistry } from './store';
import type { PlaceCenter } from './reroute';
import { escalationGroup, groupForShift, shiftAt, type ConfiguredGroups, type DutyRole, type RegisteredGroup, type Shift } from './shift';

/**
 * Which center's groups a case's messages go to, and which center's cases a group may act on.
 * A case belongs to the center its code names; a code no center has (a center deleted since) is the
 * home center's, so nothing is orphaned. A registered group belongs to the center its enrolment code
 * named (absent: the home center); a stored center's configured groups are its own.
 * Without a center store (a single-center deployment's tests) everything is the home center's, as before.
 */

export type CentersView = Pick<CenterStore, 'home' | 'get' | 'list' | 'centerOfGroup' | 'centerForProvince'>;

export interface CaseGroups {
  center?: Center;
  onShift?: string;
  supervisors?: string;
  teamAt(at: Date): Shift;
  settings: EscalationSettings;
}

export interface CenterGroups {
  /** The groups of the case's center at `at`. */
  forCase(c: Pick<CaseRecord, 'centerCode'>, at: Date): Promise<CaseGroups>;
  /** The center a group chat belongs to (home when unknown), or undefined without a center store. */
  centerOfChat(chatId: string): Promise<Center | undefined>;
  /** The configured role of a stored center's group (the home center's come from the registry). */
  configuredRole(center: Center | undefined, chatId: string): DutyRole | undefined;
  /** Which cases a center's groups see. */
  scopeOf(center: Center): Promise<CenterScope>;
  /**
   * The center serving the province a place lies in, read as a new case's place is routed
   * (`provinceOfLocation`); undefined for a place in no province, a province no center serves (the
   * home center holds those only as the fallback), or without a center store.
   */
  centerForPlace(loc: CaseLocation): Promise<PlaceCenter | undefined>;
}

const belongsTo = (g: RegisteredGroup, center: Center, home: Center) => (g.centerCode ?? home.code) === center.code;

export function createCenterGroups(deps: {
  config: Config;
  registry: GroupRegistry;
  centers?: CentersView;
  escalation: EscalationSettings;
  /** Default: the bundled geography of the whole country. */
  geo?: Geography;
}): CenterGroups {
  const { config, registry, centers } = deps;

  async function centerOfCase(code: string): Promise<Center | undefined> {
    if (!centers) return undefined;
    return (await centers.get(code)) ?? centers.home;
  }

  return {
    async forCase(c, at) {
      const center = await centerOfCase(c.centerCode);
      const all = await registry.list();
      const home = !center || center.home;
      const configured: ConfiguredGroups = home ? config : configuredGroupsOf(center);
      const registered = centers && center ? all.filter((g) => belongsTo(g, center, centers.home)) : all;
      const dayShift = home ? config.DAY_SHIFT : center.dayShift;
      const teamAt = (d: Date) => shiftAt(d, dayShift);
      const settings = home
        ? deps.escalation
        : { ...deps.escalation, urgentMs: minutesToMs(center.ackSlaUrgentMinutes), normalMs: minutesToMs(center.ackSlaNormalMinutes) };
      return {
        center,
        onShift: groupForShift(teamAt(at), configured, registered),
        supervisors: escalationGroup(configured, registered),
        teamAt,
        settings,
      };
    },

    async centerOfChat(chatId) {
      if (!centers) return undefined;
      const configured = await centers.centerOfGroup(chatId);
      if (configured) return configured;
      const reg = await registry.find(chatId);
      return reg?.centerCode ? ((await centers.get(reg.centerCode)) ?? centers.home) : centers.home;
    },

    configuredRole(center, chatId) {
      if (!center || center.home) return undefined;
      if (chatId === center.dutyGroupId) return center.nightGroupId ? 'day' : 'both';
      if (chatId === center.nightGroupId) return 'night';
      if (chatId === center.escalationGroupId) return 'escalation';
      return undefined;
    },

    async scopeOf(center) {
      if (!center.home || !centers) return { code: center.code };
      return { notIn: (await centers.list()).filter((c) => !c.home).map((c) => c.code) };
    },

    async centerForPlace(loc) {
      if (!centers) return undefined;
      const province = provinceOfLocation(deps.geo ?? thailand(), loc);
      if (!province) return undefined;
      const routing = await centers.centerForProvince(province.code);
      if (routing.outOfArea) return undefined;
      return { province: province.name, center: { code: routing.center.code, name: routing.center.name } };
    },
  };
}
