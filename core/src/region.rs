//! Regions: national → Guangdong → Guangzhou → district. The nearest region that defines a
//! parameter for the date wins (黄埔, 番禺 and 南沙 set some figures of their own).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The eleven districts of Guangzhou (广州市辖区).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum District {
    /// 越秀区
    Yuexiu,
    /// 海珠区
    Haizhu,
    /// 荔湾区
    Liwan,
    /// 天河区
    Tianhe,
    /// 白云区
    Baiyun,
    /// 黄埔区
    Huangpu,
    /// 番禺区
    Panyu,
    /// 花都区
    Huadu,
    /// 南沙区
    Nansha,
    /// 从化区
    Conghua,
    /// 增城区
    Zengcheng,
}

impl District {
    /// Every district.
    pub const ALL: [District; 11] = [
        District::Yuexiu,
        District::Haizhu,
        District::Liwan,
        District::Tianhe,
        District::Baiyun,
        District::Huangpu,
        District::Panyu,
        District::Huadu,
        District::Nansha,
        District::Conghua,
        District::Zengcheng,
    ];

    /// The wire name (`tianhe`).
    pub fn as_str(self) -> &'static str {
        match self {
            District::Yuexiu => "yuexiu",
            District::Haizhu => "haizhu",
            District::Liwan => "liwan",
            District::Tianhe => "tianhe",
            District::Baiyun => "baiyun",
            District::Huangpu => "huangpu",
            District::Panyu => "panyu",
            District::Huadu => "huadu",
            District::Nansha => "nansha",
            District::Conghua => "conghua",
            District::Zengcheng => "zengcheng",
        }
    }

    /// The Chinese name (`天河区`).
    pub fn name_zh(self) -> &'static str {
        match self {
            District::Yuexiu => "越秀区",
            District::Haizhu => "海珠区",
            District::Liwan => "荔湾区",
            District::Tianhe => "天河区",
            District::Baiyun => "白云区",
            District::Huangpu => "黄埔区",
            District::Panyu => "番禺区",
            District::Huadu => "花都区",
            District::Nansha => "南沙区",
            District::Conghua => "从化区",
            District::Zengcheng => "增城区",
        }
    }
}

/// Urban or rural residence (城镇 / 农村); some figures differ by area within a district.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    crate::decode::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Area {
    /// 城镇
    Urban,
    /// 农村
    Rural,
}

impl Area {
    /// The wire name (`urban`, `rural`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Area::Urban => "urban",
            Area::Rural => "rural",
        }
    }
}

/// A level at which a parameter value can be defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    /// 全国
    National,
    /// 广东省
    Guangdong,
    /// 广州市
    Guangzhou,
    /// A district of Guangzhou.
    District(District),
}

impl Region {
    /// Parses `national`, `guangdong`, `guangzhou` or `guangzhou/<district>`.
    pub fn parse(text: &str) -> Option<Region> {
        match text {
            "national" => Some(Region::National),
            "guangdong" => Some(Region::Guangdong),
            "guangzhou" => Some(Region::Guangzhou),
            _ => {
                let d = text.strip_prefix("guangzhou/")?;
                District::ALL
                    .into_iter()
                    .find(|x| x.as_str() == d)
                    .map(Region::District)
            }
        }
    }

    /// The lookup chain for a place in Guangzhou, nearest first: the district when known, then
    /// the city, the province and the nation.
    pub fn chain(district: Option<District>) -> impl Iterator<Item = Region> {
        district.map(Region::District).into_iter().chain([
            Region::Guangzhou,
            Region::Guangdong,
            Region::National,
        ])
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Region::National => f.write_str("national"),
            Region::Guangdong => f.write_str("guangdong"),
            Region::Guangzhou => f.write_str("guangzhou"),
            Region::District(d) => write!(f, "guangzhou/{}", d.as_str()),
        }
    }
}
