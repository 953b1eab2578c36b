//! What the device is used for, chosen once at first start.

/// The mode of this device decides which screens exist at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeviceMode {
    /// A shared tablet at a facility: staff and many citizens.
    Facility,
    /// One citizen's own phone or tablet: no register of other people.
    Personal,
    /// The caseworker's device: imports and overviews across facilities.
    Caseworker,
}

impl DeviceMode {
    pub const ALL: [DeviceMode; 3] = [
        DeviceMode::Facility,
        DeviceMode::Personal,
        DeviceMode::Caseworker,
    ];

    /// A stable identifier for stored settings; never shown to users.
    pub fn code(self) -> &'static str {
        match self {
            DeviceMode::Facility => "facility",
            DeviceMode::Personal => "personal",
            DeviceMode::Caseworker => "caseworker",
        }
    }

    pub fn from_code(code: &str) -> Option<DeviceMode> {
        DeviceMode::ALL.into_iter().find(|mode| mode.code() == code)
    }

    /// Only a facility keeps a register of citizens on the device.
    /// A personal device belongs to one citizen, who must never see others.
    pub fn shows_register(self) -> bool {
        self == DeviceMode::Facility
    }

    /// Only the caseworker's device imports exports and shows the overview across citizens.
    pub fn imports(self) -> bool {
        self == DeviceMode::Caseworker
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for mode in DeviceMode::ALL {
            assert_eq!(DeviceMode::from_code(mode.code()), Some(mode));
        }
        assert_eq!(DeviceMode::from_code("kiosk"), None);
    }

    #[test]
    fn only_a_facility_shows_the_register() {
        let showing: Vec<_> = DeviceMode::ALL
            .into_iter()
            .filter(|mode| mode.shows_register())
            .collect();
        assert_eq!(showing, [DeviceMode::Facility]);
    }
}
