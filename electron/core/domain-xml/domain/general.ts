import { str } from '../xml/props';
import { defineView } from '../xml/view';

/** Top-level identity and lifecycle settings of `<domain>`. */
export const DomainGeneral = defineView('domain', {
  type: str('./@type'),
  name: str('./name'),
  uuid: str('./uuid'),
  title: str('./title'),
  description: str('./description'),
  emulator: str('./devices/emulator'),
  clockOffset: str('./clock/@offset'),
  onPoweroff: str('./on_poweroff'),
  onReboot: str('./on_reboot'),
  onCrash: str('./on_crash'),
});
