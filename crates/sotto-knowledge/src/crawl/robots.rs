//! robots.txt, read with `texting_robots` for Sotto's own user agent, with RFC 9309's rules
//! for a file that cannot be had: a 4xx answer means no restriction, a 5xx answer or a network
//! failure means nothing may be crawled.

use texting_robots::Robot;

/// What the site allows Sotto to fetch.
pub enum Robots {
    /// The site publishes rules.
    Rules(Box<Robot>),
    /// No robots.txt (4xx): everything is allowed.
    AllowAll,
    /// robots.txt could not be read (5xx, network): nothing is allowed.
    DisallowAll,
}

impl Robots {
    /// Rules from a robots.txt body for `agent`; an unreadable file allows everything, as a
    /// missing one does.
    pub fn parse(agent: &str, body: &[u8]) -> Self {
        match Robot::new(agent, body) {
            Ok(robot) => Robots::Rules(Box::new(robot)),
            Err(_) => Robots::AllowAll,
        }
    }

    /// Whether `url` may be fetched.
    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Robots::Rules(robot) => robot.allowed(url),
            Robots::AllowAll => true,
            Robots::DisallowAll => false,
        }
    }

    /// The crawl delay the site asks for, in seconds.
    pub fn delay(&self) -> Option<f32> {
        match self {
            Robots::Rules(robot) => robot.delay.filter(|d| d.is_finite() && *d > 0.0),
            _ => None,
        }
    }

    /// Sitemaps the file declares.
    pub fn sitemaps(&self) -> &[String] {
        match self {
            Robots::Rules(robot) => &robot.sitemaps,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_agent_group_and_wildcards() {
        let txt = b"User-agent: *\nDisallow: /private/\n\nUser-agent: SottoBot\nDisallow: /no-bots/\nCrawl-delay: 2\n\nSitemap: https://s.example/sitemap.xml\n";
        let robots = Robots::parse("SottoBot", txt);
        assert!(!robots.allowed("https://s.example/no-bots/page"));
        assert!(
            robots.allowed("https://s.example/private/page"),
            "our own group wins"
        );
        assert_eq!(robots.delay(), Some(2.0));
        assert_eq!(robots.sitemaps(), ["https://s.example/sitemap.xml"]);
        let other = Robots::parse("OtherBot", txt);
        assert!(!other.allowed("https://s.example/private/page"));
        assert!(Robots::AllowAll.allowed("https://s.example/x"));
        assert!(!Robots::DisallowAll.allowed("https://s.example/x"));
    }
}
